package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.io.BufferedWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfferLogCsvTest {
  @TempDir
  Path dir;

  static OfferRecord richOffer() {
    Product product = Product.builder("sku-1", "USD").listPrice("19.99").unitCost("11.125").category("juice")
        .title("Orange juice, 1l \"fresh\"").attribute("volume_l", 1.0).build();
    Customer customer = new Customer("cust-7",
        new dev.pricing.api.BehaviourSummary(12, 3, 1, 2, 4.5, 88.2, 0.25), List.of(), Map.of("vip", 1.0, "age", 3.0));
    Market market = new Market(List.of(new BigDecimal("18.49"), new BigDecimal("21.00")), 40, 2.5,
        Instant.parse("2026-03-01T10:15:30Z"), Channel.APP, java.util.Optional.of(new BigDecimal("18.99")),
        java.util.Optional.of(product.currency()));
    return new OfferRecord(new PricingRequest(customer, product, market), new BigDecimal("17.49"),
        OptionalDouble.of(0.2), 1);
  }

  @Test
  void writeThenRead_roundTripsEveryColumn() throws Exception {
    List<OfferRecord> offers = new ArrayList<>(SyntheticOffers.conversions(new SyntheticOffers.Conversion(0, 0, 1), 50, 1));
    offers.add(richOffer());
    StringWriter w = new StringWriter();
    assertThat(OfferLogCsv.write(offers, w)).isEqualTo(51);
    List<OfferRecord> back = new ArrayList<>();
    OfferLogCsv log = OfferLogCsv.ofText(w.toString(), MalformedRowPolicy.FAIL);
    log.forEach(back::add);
    assertThat(back).isEqualTo(offers);
    assertThat(log.rowsRead()).isEqualTo(51);
    assertThat(w.toString()).startsWith(OfferLogCsv.HEADER + "\n");
  }

  @Test
  void read_malformedRow_namesLineAndColumn() {
    String good = OfferLogCsv.formatRow(richOffer());
    String bad = good.replace(",17.49,", ",abc,");
    String csv = OfferLogCsv.HEADER + "\n" + good + "\n" + bad + "\n";
    OfferLogCsv log = OfferLogCsv.ofText(csv, MalformedRowPolicy.FAIL);
    Iterator<OfferRecord> it = log.iterator();
    assertThat(it.next()).isEqualTo(richOffer());
    assertThatThrownBy(it::hasNext)
        .isInstanceOfSatisfying(MalformedOfferException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo("offered_price");
          assertThat(e.value()).isEqualTo("abc");
        })
        .hasMessageContaining("line 3, column offered_price");
  }

  @Test
  void read_apiValidationFailure_mapsToColumn() {
    String good = OfferLogCsv.formatRow(richOffer());
    String badList = good.replace(",19.99,", ",19.999,");
    String badChannel = good.replace(",app,", ",fax,");
    String badTime = good.replace("2026-03-01T10:15:30Z", "yesterday");
    String fewer = good.substring(0, good.lastIndexOf(','));
    String[][] cases = {{badList, "list_price"}, {badChannel, "channel"}, {badTime, "time"}, {fewer, "(row)"}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> OfferLogCsv.parseRow(c[0], 9))
          .isInstanceOfSatisfying(MalformedOfferException.class, e -> assertThat(e.column()).isEqualTo(c[1]))
          .hasMessageContaining("line 9");
    }
  }

  @Test
  void read_skipPolicy_skipsAndCountsMalformedRows() {
    String good = OfferLogCsv.formatRow(richOffer());
    String csv = OfferLogCsv.HEADER + "\n" + good + "\n" + "garbage,row\n\n" + good.replace(",1.0", ",-1.0") + "\n"
        + good + "\n";
    // Two of four data rows are malformed: far above the default 1% gate, so this test raises it.
    OfferLogCsv log = OfferLogCsv.ofText(csv, MalformedRowPolicy.SKIP_AND_COUNT).withMaxMalformedShare(0.5);
    List<OfferRecord> back = new ArrayList<>();
    log.forEach(back::add);
    assertThat(back).hasSize(2);
    assertThat(log.malformedRows()).isEqualTo(2);
    assertThat(log.rowsRead()).isEqualTo(2);
  }

  @Test
  void read_wrongOrEmptyHeader_isRefused() {
    assertThatThrownBy(() -> OfferLogCsv.ofText("a,b,c\n", MalformedRowPolicy.FAIL).iterator())
        .isInstanceOf(MalformedOfferException.class).hasMessageContaining("line 1").hasMessageContaining("header");
    assertThatThrownBy(() -> OfferLogCsv.ofText("", MalformedRowPolicy.SKIP_AND_COUNT).iterator())
        .isInstanceOf(MalformedOfferException.class).hasMessageContaining("empty");
  }

  @Test
  void read_largeFile_streamsRowsBeforeReachingTheEnd() throws Exception {
    // 100,000 rows with a malformed last row: under FAIL the reader hands out every good row before it sees
    // the bad one, so it cannot have parsed the file up front.
    Path file = dir.resolve("offers.csv");
    String row = OfferLogCsv.formatRow(richOffer());
    int rows = 100_000;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(OfferLogCsv.HEADER);
      w.write('\n');
      for (int i = 0; i < rows - 1; i++) {
        w.write(row);
        w.write('\n');
      }
      w.write(row.replace(",app,", ",pigeon,"));
      w.write('\n');
    }
    Iterator<OfferRecord> it = OfferLogCsv.open(file).iterator();
    long seen = 0;
    try {
      while (it.hasNext()) {
        it.next();
        seen++;
      }
    } catch (MalformedOfferException e) {
      assertThat(e.line()).isEqualTo(rows + 1);
      assertThat(e.column()).isEqualTo("channel");
    }
    assertThat(seen).isEqualTo(rows - 1);
    OfferLogCsv skipping = OfferLogCsv.open(file, MalformedRowPolicy.SKIP_AND_COUNT);
    long count = 0;
    for (OfferRecord ignored : skipping) {
      count++;
    }
    assertThat(count).isEqualTo(rows - 1);
    assertThat(skipping.malformedRows()).isEqualTo(1);
  }

  @Test
  void offerRecord_invalidValues_areRefusedNamingTheField() {
    PricingRequest q = richOffer().context();
    assertThatThrownBy(() -> new OfferRecord(q, BigDecimal.ZERO, OptionalDouble.empty(), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offeredPrice");
    assertThatThrownBy(() -> new OfferRecord(q, BigDecimal.TEN, OptionalDouble.of(0), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("propensity");
    assertThatThrownBy(() -> new OfferRecord(q, BigDecimal.TEN, OptionalDouble.empty(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("units");
    assertThat(OfferRecord.conversion(q, BigDecimal.TEN, true).bought()).isTrue();
    assertThat(richOffer().time()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
  }

  @Test
  void trainFromCsv_sameModelAsFromList() throws Exception {
    List<OfferRecord> offers = SyntheticOffers.conversions(new SyntheticOffers.Conversion(3, 1, 4), 3_000, 4);
    Path file = dir.resolve("log.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      OfferLogCsv.write(offers, w);
    }
    DemandModelTrainer trainer = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors()).epochs(2).version("v").build();
    TrainedDemandModel fromList = trainer.train(offers).model();
    TrainedDemandModel fromCsv = trainer.train(OfferLogCsv.open(file)).model();
    assertThat(fromCsv.priceCoefficients()).isEqualTo(fromList.priceCoefficients());
  }
}
