/**
 * Tensor files shared with PyTorch, JAX and numpy: NumPy's {@code .npy} (format 1.0-3.0, C order, little-endian),
 * {@code .npz} (a zip of {@code .npy}, stored or deflated) and Hugging Face's {@code .safetensors} (an 8-byte
 * little-endian header length, a JSON header of dtype, shape and byte offsets, then the raw data). Readers verify the
 * structure before a value is read and read in blocks, so files larger than the heap can be streamed; every format
 * error is a {@link TensorFileException} naming the file, what was expected and what was
 * found. Nothing here unpickles: PyTorch's {@code .pt}/{@code .pth} files are refused with the conversion to use.
 * Entry points: {@link TensorFile#open}, {@link NpyWriter},
 * {@link NpzWriter}, {@link SafeTensorsWriter}.
 * The package lives in the lowest module, {@code sde}, so that training (weights) and the diffusion analysis
 * (gradients) share it.
 */
package org.thermosgd.tensors;
