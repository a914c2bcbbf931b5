package dev.pricing.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaTest {
  @TempDir Path dir;

  @Test
  void fit_givesOrthonormalComponentsOrderedByVariance() {
    TextEncoder encoder = Encoders.shared();
    Pca pca = Pca.fit(encoder, Encoders.productTitles(), Pca.DEFAULT_COMPONENTS);
    assertThat(pca.components()).isEqualTo(16);
    assertThat(pca.dimension()).isEqualTo(384);
    assertThat(pca.modelId()).isEqualTo(encoder.modelId());
    RealMatrix b = pca.basisMatrix();
    RealMatrix gram = b.multiply(b.transpose());
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        assertThat(gram.getEntry(i, j)).isCloseTo(i == j ? 1.0 : 0.0, within(1e-9));
      }
    }
    double[] v = pca.componentVariances();
    for (int i = 1; i < v.length; i++) {
      assertThat(v[i]).isLessThanOrEqualTo(v[i - 1]);
    }
    assertThat(pca.explainedVariance()).isBetween(0.3, 1.0);
    System.out.println(pca);
    // Projections of the catalogue are centred: their mean is ~0 on every component.
    double[] sum = new double[16];
    for (float[] e : encoder.encode(Encoders.productTitles())) {
      double[] p = pca.project(e);
      for (int c = 0; c < 16; c++) {
        sum[c] += p[c];
      }
    }
    for (double s : sum) {
      assertThat(s / 70).isCloseTo(0.0, within(1e-5));
    }
  }

  @Test
  void save_thenLoadGivesTheSameProjection() {
    TextEncoder encoder = Encoders.shared();
    Pca pca = Pca.fit(encoder, Encoders.productTitles(), 8);
    Path file = dir.resolve("all-minilm-l6-v2-q.onnx.pca8");
    pca.save(file);
    Pca loaded = Pca.load(file);
    float[] e = encoder.encode("Bose QuietComfort Ultra Earbuds");
    assertThat(loaded.project(e)).containsExactly(pca.project(e));
    assertThat(loaded.modelId()).isEqualTo(pca.modelId());
    assertThat(loaded.components()).isEqualTo(8);
  }

  @Test
  void load_rejectsMissingAndForeignFiles() throws IOException {
    Path missing = dir.resolve("missing.pca");
    assertThatThrownBy(() -> Pca.load(missing)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pcaFile does not exist").hasMessageContaining(missing.toString());
    Path foreign = Files.writeString(dir.resolve("foreign.pca"), "not a pca file at all");
    assertThatThrownBy(() -> Pca.load(foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a saved Pca");
  }

  @Test
  void fit_rejectsBadComponentsAndTooFewEmbeddings() {
    List<float[]> three = List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
    assertThatThrownBy(() -> Pca.fit("m", three, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("components must be in [1, 2]: 3");
    assertThatThrownBy(() -> Pca.fit("m", three.subList(0, 2), 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than components");
    assertThatThrownBy(() -> Pca.fit("m", List.of(new float[] {1, 0}, new float[] {Float.NaN, 1}), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embeddings[1][0] is not finite");
  }
}
