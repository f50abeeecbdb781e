package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.testing.TestModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCacheTest {
    private final byte[] a = TestModels.tinyMlpZip(1);
    private final byte[] b = TestModels.tinyMlpZip(2);
    private final Map<String, byte[]> store = new HashMap<>(Map.of(Sha256.hex(a), a, Sha256.hex(b), b));
    private final List<String> fetched = new ArrayList<>();

    private ModelCache cache(int capacity) {
        return new ModelCache(capacity, ModelLimits.defaults(), sha -> {
            fetched.add(sha);
            return store.get(sha);
        });
    }

    @Test
    void fetchesEachModelOnceWhileItIsCached() throws Exception {
        ModelCache cache = cache(2);
        Classifier first = cache.get(Sha256.hex(a));
        assertThat(cache.get(Sha256.hex(a))).isSameAs(first);
        cache.get(Sha256.hex(b));
        assertThat(fetched).containsExactly(Sha256.hex(a), Sha256.hex(b));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void evictsTheLeastRecentlyUsedModel() throws Exception {
        ModelCache cache = cache(1);
        cache.get(Sha256.hex(a));
        cache.get(Sha256.hex(b));
        cache.get(Sha256.hex(a));
        assertThat(fetched).containsExactly(Sha256.hex(a), Sha256.hex(b), Sha256.hex(a));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void refusesBytesWhoseHashIsNotTheOneAskedFor() {
        String claimed = Sha256.hex(a);
        store.put(claimed, b);
        assertThatThrownBy(() -> cache(2).get(claimed))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining(Sha256.hex(b))
                .hasMessageContaining("expected " + claimed);
    }

    @Test
    void reportsUnknownModelsAndMalformedHashes() {
        String unknown = "0".repeat(64);
        assertThatThrownBy(() -> cache(2).get(unknown))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining(unknown);
        assertThatThrownBy(() -> cache(2).get("ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ABC'");
    }
}
