package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV ingestion of damaged files: bytes that are not UTF-8 are reported on their own line (the reader used
 * to say "after line 0", because decoding ran ahead of the line count), {@code SKIP_AND_COUNT} skips such
 * lines, and a file with more malformed rows than the allowed share (default 1%) fails, with the count,
 * instead of training on what is left.
 */
class OfferLogCsvEncodingTest {
  @TempDir Path dir;

  /** 2,000 valid rows with one Latin-1 byte (é = 0xE9) in the title of data row {@code badRow}. */
  private Path latin1File(int rows, int badRow) throws Exception {
    List<OfferRecord> offers = SyntheticOffers.conversions(new SyntheticOffers.Conversion(0, 0, 1), rows, 5);
    StringWriter w = new StringWriter();
    OfferLogCsv.write(offers, w);
    String[] lines = w.toString().split("\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines.length; i++) {
      byte[] b = lines[i].getBytes(StandardCharsets.UTF_8);
      if (i == badRow) {
        String cafe = lines[i].replaceFirst(",,", ",Caf\u00e9 au lait,");
        b = cafe.getBytes(StandardCharsets.ISO_8859_1);
      }
      out.write(b);
      out.write('\n');
    }
    Path file = dir.resolve("latin1.csv");
    Files.write(file, out.toByteArray());
    return file;
  }

  @Test
  void latin1Bytes_failNamingTheirOwnLine_farBeyondTheFirstBuffer() throws Exception {
    Path file = latin1File(2_000, 1_500);
    assertThatThrownBy(() -> OfferLogCsv.open(file).forEach(r -> { }))
        .isInstanceOfSatisfying(MalformedOfferException.class, e -> {
          assertThat(e.line()).isEqualTo(1_501);
          assertThat(e.column()).isEqualTo("(encoding)");
          assertThat(e.getMessage()).contains("line 1501").contains("not valid UTF-8").contains("0xE9")
              .contains("Caf\u00e9");
        });
  }

  @Test
  void latin1Bytes_underSkipAndCount_areSkippedAndCounted() throws Exception {
    Path file = latin1File(2_000, 1_500);
    OfferLogCsv log = OfferLogCsv.open(file, MalformedRowPolicy.SKIP_AND_COUNT);
    List<OfferRecord> back = new ArrayList<>();
    log.forEach(back::add);
    assertThat(back).hasSize(1_999);
    assertThat(log.malformedRows()).isEqualTo(1);
    assertThat(log.rowsRead()).isEqualTo(1_999);
  }

  @Test
  void mostlyMalformedFile_failsWithTheCount_andTrainingOnItFails() throws Exception {
    List<OfferRecord> offers = SyntheticOffers.conversions(new SyntheticOffers.Conversion(0, 0, 1), 100, 9);
    StringBuilder csv = new StringBuilder(OfferLogCsv.HEADER).append('\n');
    for (int i = 0; i < offers.size(); i++) {
      String row = OfferLogCsv.formatRow(offers.get(i));
      csv.append(i % 10 == 0 ? row : row.replaceFirst(",web,|,app,|,store,|,marketplace,", ",pigeon,")).append('\n');
    }
    OfferLogCsv log = OfferLogCsv.ofText(csv.toString(), MalformedRowPolicy.SKIP_AND_COUNT);
    assertThat(log.maxMalformedShare()).isEqualTo(OfferLogCsv.DEFAULT_MAX_MALFORMED_SHARE);
    assertThatThrownBy(() -> log.forEach(r -> { }))
        .isInstanceOfSatisfying(TooManyMalformedRowsException.class, e -> {
          assertThat(e.malformedRows()).isEqualTo(90);
          assertThat(e.rows()).isEqualTo(100);
          assertThat(e.getMessage()).contains("90 of 100").contains("90.00%").contains("1.00%");
        });
    DemandModelTrainer trainer = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors()).build();
    assertThatThrownBy(() -> trainer.train(log)).isInstanceOf(TooManyMalformedRowsException.class)
        .hasMessageContaining("90 of 100");
    // A caller that knows the file is rough may raise the limit explicitly.
    List<OfferRecord> kept = new ArrayList<>();
    log.withMaxMalformedShare(0.95).forEach(kept::add);
    assertThat(kept).hasSize(10);
    assertThatThrownBy(() -> log.withMaxMalformedShare(1.5)).hasMessageContaining("maxMalformedShare")
        .hasMessageContaining("1.5");
  }
}
