package org.thermosgd.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.thermosgd.run.Json;
import org.thermosgd.sde.sgd.UpdateForm;

class TrainConfigTest {
    /** Each invalid value is refused where the configuration is built, naming the field and the value. */
    @Test
    void invalidValuesNameTheirField() {
        TrainConfig d = TrainConfig.defaults();
        assertField("lr", () -> d.withLr(0));
        assertField("lr", () -> d.withLr(Double.NaN));
        assertField("lr", () -> d.withLr(Double.POSITIVE_INFINITY));
        assertField("momentum", () -> d.withMomentum(1));
        assertField("momentum", () -> d.withMomentum(-0.1));
        assertField("weightDecay", () -> d.withWeightDecay(-1e-3));
        assertField("batch", () -> d.withBatch(0));
        assertField("epochs", () -> d.withEpochs(0));
        assertField("model", () -> d.withModel("resnet"));
        assertField("dataset", () -> d.withDataset("imagenet"));
        assertField("protocol", () -> d.withProtocol("adam"));
        assertField("form", () -> d.withForm("adam"));
        ConfigException e = assertThrows(ConfigException.class, () -> d.withLr(-2));
        assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
    }

    private static void assertField(String field, Runnable build) {
        ConfigException e = assertThrows(ConfigException.class, build::run);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + " = "), e.getMessage());
    }

    /** config.json keeps protocol and form as their command-line spellings, and reads back to an equal config. */
    @Test
    void jsonUsesTheCommandLineSpellingsAndRoundTrips() throws Exception {
        TrainConfig c = TrainConfig.defaults().withProtocol("cyclic:6").withForm(UpdateForm.PAPER_NESTEROV)
                .withSeed(9).withTrainSubset(100);
        JsonNode j = Json.mapper().readTree(Json.write(c));
        assertEquals("cyclic:6", j.get("protocol").asText());
        assertEquals("paper-nesterov", j.get("form").asText());
        assertEquals(c, Json.mapper().readValue(Json.write(c), TrainConfig.class));
    }

    /** The defaults are the paper's Model 1 setting. */
    @Test
    void defaultsAreModelOne() {
        TrainConfig d = TrainConfig.defaults();
        assertEquals("mlp", d.model());
        assertEquals("constant", d.protocol().id());
        assertEquals(UpdateForm.TORCH_NESTEROV, d.form());
        assertEquals(5e-3, d.lr());
        assertEquals(256, d.batch());
        assertEquals(0.9, d.momentum());
    }
}
