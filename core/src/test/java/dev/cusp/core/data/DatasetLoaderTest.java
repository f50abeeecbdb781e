package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cusp.core.event.DatasetRef;
import org.junit.jupiter.api.Test;

class DatasetLoaderTest {
    private final DatasetLoader loader = new DatasetLoader(FashionMnist.DEFAULT_DIR);

    @Test
    void loadsEachDataSetOnce() {
        LabeledData test = loader.load(DatasetRef.fashionMnistTest());
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(loader.load(new DatasetRef("fashion-mnist", "test"))).isSameAs(test);
        LabeledData moons = loader.load(new DatasetRef(DatasetRef.TWO_MOONS, null));
        assertThat(moons.size()).isEqualTo(DatasetLoader.TWO_MOONS_SIZE);
        assertThat(loader.load(new DatasetRef(DatasetRef.TWO_MOONS, "test"))).isSameAs(moons);
    }

    @Test
    void rejectsUnknownNamesAndSplits() {
        assertThatThrownBy(() -> loader.load(new DatasetRef("cifar-10", "test")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cifar-10")
                .hasMessageContaining("fashion-mnist, two-moons");
        assertThatThrownBy(() -> loader.load(new DatasetRef("fashion-mnist", "dev")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dev'");
    }
}
