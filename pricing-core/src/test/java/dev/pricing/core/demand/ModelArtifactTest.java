package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {
  @TempDir
  Path dir;

  @Test
  void saveLoad_everyKind_scoresIdenticallyAndKeepsMetadata() throws Exception {
    for (TrainedDemandModel model : TrainedModels.all()) {
      Path file = dir.resolve(model.algorithm().id() + ".pdm");
      model.save(file);
      TrainedDemandModel loaded = TrainedDemandModel.load(file, model.trainingSchema());
      assertThat(loaded.version()).isEqualTo(model.version());
      assertThat(loaded.algorithm()).isEqualTo(model.algorithm());
      assertThat(loaded.trainingSchema()).isEqualTo(model.trainingSchema());
      if (model.algorithm().usesCandidatePriceFeatures()) {
        assertThat(loaded.candidatePriceFeatures()).isEqualTo(model.candidatePriceFeatures()).isNotEmpty();
      } else {
        assertThat(loaded.priceFeatures()).isEqualTo(model.priceFeatures());
      }
      assertThat(loaded.provenance()).isEqualTo(model.provenance());
      assertThat(loaded.checksum()).isEqualTo(model.checksum());
      assertThat(loaded.priceCoefficients()).isEqualTo(model.priceCoefficients());
      DemandModel.Scorer a = model.bind(model.trainingSchema());
      DemandModel.Scorer b = loaded.bind(model.trainingSchema());
      SplittableRandom rnd = new SplittableRandom(1);
      for (int c = 0; c < 500; c++) {
        double[] x = CompiledScorerParityTest.randomInput(rnd);
        double[] prices = CompiledScorerParityTest.randomPrices(rnd, x[0], 16);
        Arrays.sort(prices);
        double[] outA = new double[16];
        double[] outB = new double[16];
        a.score(x, prices, 16, outA);
        b.score(x, prices, 16, outB);
        assertThat(outB).containsExactly(outA);
      }
    }
  }

  @Test
  void load_flippedByte_isRefusedWithChecksumError() throws Exception {
    byte[] bytes = TrainedModels.logistic().toBytes();
    bytes[bytes.length / 2] ^= 0x10;
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(bytes))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void load_truncatedOrForeignBytes_isRefused() {
    byte[] bytes = TrainedModels.tree().toBytes();
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(Arrays.copyOf(bytes, bytes.length - 7)))
        .isInstanceOf(ModelArtifactException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(Arrays.copyOf(bytes, 20)))
        .isInstanceOf(ModelArtifactException.class);
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes("not a model at all, just text".getBytes()))
        .isInstanceOf(ModelArtifactException.class).hasMessageContaining("not a demand-model artifact");
    byte[] future = bytes.clone();
    future[11] = 9;
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(future))
        .isInstanceOf(ModelArtifactException.class).hasMessageContaining("unsupported");
  }

  @Test
  void load_tamperedTribuoClassWithValidChecksum_isRefusedBeforeInstantiation() throws Exception {
    byte[] bytes = TrainedModels.tree().toBytes();
    byte[] name = "org.tribuo.common.tree.TreeModel".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(bytes, name);
    assertThat(at).isPositive();
    bytes[at + name.length - 1] = 'X'; // org.tribuo.common.tree.TreeModeX
    int header = 8 + 4 + 32 + 4;
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(Arrays.copyOfRange(bytes, header, bytes.length));
    System.arraycopy(digest, 0, bytes, 12, 32);
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(bytes))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("TreeModeX")
        .hasMessageContaining("refusing");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void load_otherSchemaExpected_isRefusedNamingTheDifference() throws Exception {
    Path file = dir.resolve("m.pdm");
    TrainedModels.units().save(file);
    FeatureSchema other = FeatureSchema.of(List.of("product.list_price", "customer.attr.vip", "customer.views"));
    assertThatThrownBy(() -> TrainedDemandModel.load(file, other))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("only in the artifact: [customer.attr.regular]");
    FeatureSchema reordered = FeatureSchema.of(
        List.of("customer.attr.vip", "product.list_price", "customer.attr.regular", "customer.views"));
    assertThatThrownBy(() -> TrainedDemandModel.load(file, reordered))
        .isInstanceOf(ModelArtifactException.class)
        .hasMessageContaining("order differs");
  }

  @Test
  void toBytes_sameModel_isDeterministic() throws Exception {
    TrainedDemandModel m = TrainedModels.logistic();
    assertThat(m.toBytes()).isEqualTo(m.toBytes());
    TrainedDemandModel again = TrainedDemandModel.fromBytes(m.toBytes());
    assertThat(again.toBytes()).isEqualTo(m.toBytes());
    assertThat(again.checksum()).isEqualTo(m.checksum()).hasSize(64);
    assertThat(Files.exists(dir)).isTrue();
  }
}
