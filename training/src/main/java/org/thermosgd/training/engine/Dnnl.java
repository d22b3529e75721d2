package org.thermosgd.training.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.thermosgd.run.MemoryBudget;

/**
 * oneDNN (the C API of the JavaCPP presets, CPU engine, float32) in the few forms the engine needs: memory
 * descriptors, primitive descriptors, primitives with their arguments bound once, and memories over buffers the
 * scope allocates (64-byte aligned) or that point into other buffers (ND4J's parameter and gradient vectors). Every
 * native object belongs to a {@link Scope} that destroys it.
 */
final class Dnnl {
    static final dnnl_engine ENGINE;
    static final dnnl_stream STREAM;

    static {
        dnnl_engine e = new dnnl_engine();
        check(dnnl_engine_create(e, dnnl_cpu, 0), "engine");
        dnnl_stream s = new dnnl_stream();
        check(dnnl_stream_create(s, e, dnnl_stream_default_flags), "stream");
        ENGINE = e;
        STREAM = s;
    }

    private Dnnl() {
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed (status " + status + ")");
        }
    }

    /** A pointer at a raw address (no ownership). */
    static Pointer at(long where) {
        return new Raw(where);
    }

    /** Pointer's address field is protected: a subclass sets it. */
    private static final class Raw extends Pointer {
        Raw(long where) {
            this.address = where;
        }
    }

    static dnnl_memory_desc_t md(long[] dims, int tag) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dnnl_f32, tag), "memory descriptor");
        return d;
    }

    /** A plain float32 layout with explicit strides (elements), e.g. rows of a larger matrix. */
    static dnnl_memory_desc_t strided(long[] dims, long[] strides) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_strides(d, dims.length, dims, dnnl_f32, strides), "strided memory descriptor");
        return d;
    }

    static dnnl_memory_desc_t any(long... dims) {
        return md(dims, dnnl_format_tag_any);
    }

    /** A copy of a descriptor a primitive descriptor owns (valid after that is destroyed). */
    static dnnl_memory_desc_t copy(dnnl_memory_desc_t d) {
        dnnl_memory_desc_t c = new dnnl_memory_desc_t();
        Pointer.memcpy(c, d, c.sizeof());
        return c;
    }

    static boolean same(dnnl_memory_desc_t a, dnnl_memory_desc_t b) {
        return dnnl_memory_desc_equal(a, b) != 0;
    }

    static long[] dims(dnnl_memory_desc_t d) {
        long[] out = new long[d.ndims()];
        d.dims().get(out);
        return out;
    }

    static long bytes(dnnl_memory_desc_t d) {
        return dnnl_memory_desc_get_size(d);
    }

    /** Native objects of one plan, destroyed together. */
    static final class Scope implements AutoCloseable {
        private final List<dnnl_primitive_desc> pds = new ArrayList<>();
        private final List<dnnl_primitive> primitives = new ArrayList<>();
        private final List<dnnl_memory> memories = new ArrayList<>();
        private final List<dnnl_primitive_attr> attrs = new ArrayList<>();
        private final List<Pointer> buffers = new ArrayList<>();

        dnnl_primitive_desc pd(Pointer opDesc, dnnl_primitive_attr attr, dnnl_primitive_desc hint, String what) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, ENGINE, hint), what);
            pds.add(pd);
            return pd;
        }

        dnnl_primitive_attr attr() {
            dnnl_primitive_attr a = new dnnl_primitive_attr();
            check(dnnl_primitive_attr_create(a), "attributes");
            attrs.add(a);
            return a;
        }

        /** Memory of this scope: zeroed, 64-byte aligned, freed with the scope. */
        Memory memory(dnnl_memory_desc_t d) {
            long size = Math.max(bytes(d), 4);
            MemoryBudget.requireMemory("a oneDNN buffer of shape " + java.util.Arrays.toString(dims(d)), size);
            Pointer buf = Pointer.malloc(size + 64);
            if (buf == null || buf.isNull()) {
                throw new OutOfMemoryError("oneDNN buffer of " + size + " bytes");
            }
            buffers.add(buf);
            long aligned = (buf.address() + 63) & ~63L;
            Pointer.memset(at(aligned), 0, size);
            return view(d, aligned);
        }

        /** Memory over a buffer owned elsewhere; its handle may be moved with {@link Memory#point}. */
        Memory view(dnnl_memory_desc_t d, long address) {
            dnnl_memory m = new dnnl_memory();
            check(dnnl_memory_create(m, d, ENGINE, at(address)), "memory");
            memories.add(m);
            return new Memory(m, copy(d), address);
        }

        Step step(dnnl_primitive_desc pd, Object... argsAndMemories) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "primitive");
            primitives.add(p);
            int n = argsAndMemories.length / 2;
            dnnl_exec_arg_t args = new dnnl_exec_arg_t(n);
            for (int i = 0; i < n; i++) {
                args.position(i).arg((Integer) argsAndMemories[2 * i])
                        .memory(((Memory) argsAndMemories[2 * i + 1]).handle());
            }
            args.position(0);
            return new Step(p, n, args);
        }

        /** A reorder between two memories, or null when their layouts are the same (no copy needed). */
        Step reorder(Memory from, Memory to) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_reorder_primitive_desc_create(pd, from.desc(), ENGINE, to.desc(), ENGINE, null), "reorder");
            pds.add(pd);
            return step(pd, DNNL_ARG_FROM, from, DNNL_ARG_TO, to);
        }

        @Override
        public void close() {
            primitives.forEach(p -> dnnl_primitive_destroy(p));
            pds.forEach(p -> dnnl_primitive_desc_destroy(p));
            memories.forEach(m -> dnnl_memory_destroy(m));
            attrs.forEach(a -> dnnl_primitive_attr_destroy(a));
            buffers.forEach(Pointer::free);
            buffers.clear();
            primitives.clear();
            pds.clear();
            memories.clear();
            attrs.clear();
        }
    }

    /** A memory object and its descriptor. */
    static final class Memory {
        private final dnnl_memory handle;
        private final dnnl_memory_desc_t desc;
        private long address;

        Memory(dnnl_memory handle, dnnl_memory_desc_t desc, long address) {
            this.handle = handle;
            this.desc = desc;
            this.address = address;
        }

        dnnl_memory handle() {
            return handle;
        }

        dnnl_memory_desc_t desc() {
            return desc;
        }

        long address() {
            return address;
        }

        void point(long address) {
            if (address != this.address) {
                check(dnnl_memory_set_data_handle(handle, at(address)), "set data handle");
                this.address = address;
            }
        }

        FloatPointer floats() {
            return new FloatPointer(at(address())).capacity(bytes(desc) / Float.BYTES);
        }

        long elements() {
            return bytes(desc) / Float.BYTES;
        }
    }

    /** A primitive with its arguments bound. */
    record Step(dnnl_primitive primitive, int count, dnnl_exec_arg_t args) {
        void run() {
            check(dnnl_primitive_execute(primitive, STREAM, count, args), "execute");
        }
    }

    static void await() {
        check(dnnl_stream_wait(STREAM), "stream wait");
    }

    static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
        return copy(dnnl_primitive_desc_query_md(pd, what, 0));
    }
}
