package dev.pricing.core.log;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The on-disk format of decision-log segments (specified byte by byte in {@code docs/decision-log.md}).
 * All integers are big-endian; strings are a u16 byte length then UTF-8; decimals are a signed i32 scale,
 * a u16 byte length and the unscaled value's two's-complement big-endian bytes.
 *
 * <pre>
 * segment = header record*
 * header  = "PRICELOG" u16 version u16 flags(0) u8[16] runId i64 sequence i64 createdEpochMillis u32 crc32c(previous 44 bytes)
 * record  = u32 0x50444C52 ("PDLR") u32 length u32 crc32c(length bytes ++ payload) u8[length] payload
 * payload = u8 type, then the type's fields
 * </pre>
 *
 * <p>Not thread-safe: each {@link Sink} belongs to one writer; decoding is stateless apart from the
 * segment's schema, which the caller keeps.
 */
final class SegmentFormat {
  static final byte[] MAGIC = "PRICELOG".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER_BYTES = 48;
  static final int RECORD_MAGIC = 0x50444C52; // "PDLR"
  static final int RECORD_OVERHEAD = 12;
  static final int MAX_PAYLOAD = 16 << 20;
  static final byte TYPE_SCHEMA = 1;
  static final byte TYPE_DECISION = 2;
  static final byte TYPE_OUTCOME = 3;
  static final String SUFFIX = ".seg";
  static final String PREFIX = "decisions-";

  private SegmentFormat() {}

  static String fileName(long sequence) {
    return String.format("%s%020d%s", PREFIX, sequence, SUFFIX);
  }

  /** Returns the sequence number in a segment file name, or -1 if the name is not a segment's. */
  static long sequenceOf(String fileName) {
    if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
      return -1;
    }
    String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
    if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  /**
   * Returns the string with every unpaired surrogate replaced by U+FFFD, as standard UTF-8 requires (the JDK's
   * encoder would write '?', which could pass for real text).
   */
  static String wellFormed(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          StringBuilder sb = new StringBuilder(n);
          for (int j = 0; j < n; j++) {
            char d = s.charAt(j);
            if (Character.isHighSurrogate(d) && j + 1 < n && Character.isLowSurrogate(s.charAt(j + 1))) {
              sb.append(d).append(s.charAt(++j));
            } else {
              sb.append(Character.isSurrogate(d) ? '\uFFFD' : d);
            }
          }
          return sb.toString();
        }
        i++;
      }
    }
    return s;
  }

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** A growable big-endian byte buffer that frames records. */
  static final class Sink {
    byte[] buf;
    int size;
    private int recordStart = -1;

    Sink(int capacity) {
      buf = new byte[Math.max(64, capacity)];
    }

    /** A sink writing into a buffer handed back for reuse. */
    Sink(byte[] reuse) {
      buf = reuse;
    }

    void clear() {
      size = 0;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void u16(int v) {
      ensure(2);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
    }

    void i32(int v) {
      ensure(4);
      putInt(buf, size, v);
      size += 4;
    }

    void i64(long v) {
      ensure(8);
      for (int s = 56; s >= 0; s -= 8) {
        buf[size++] = (byte) (v >>> s);
      }
    }

    void f64(double v) {
      i64(Double.doubleToRawLongBits(v));
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void string(String s) {
      int n = s.length();
      if (n <= 0xFFFF) {
        // ASCII (ids, codes, feature names): its UTF-8 bytes are its chars, written without a copy.
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
          i++;
        }
        if (i == n) {
          ensure(2 + n);
          buf[size++] = (byte) (n >>> 8);
          buf[size++] = (byte) n;
          for (int j = 0; j < n; j++) {
            buf[size++] = (byte) s.charAt(j);
          }
          return;
        }
      }
      byte[] b = wellFormed(s).getBytes(StandardCharsets.UTF_8);
      if (b.length > 0xFFFF) {
        throw new IllegalArgumentException("string field longer than 65535 UTF-8 bytes (" + b.length + ")");
      }
      u16(b.length);
      bytes(b);
    }

    void decimal(BigDecimal d) {
      i32(d.scale());
      byte[] b = d.unscaledValue().toByteArray();
      u16(b.length);
      bytes(b);
    }

    void instant(Instant t) {
      i64(t.getEpochSecond());
      i32(t.getNano());
    }

    void beginRecord(byte type) {
      recordStart = size;
      i32(RECORD_MAGIC);
      i32(0);
      i32(0);
      u8(type);
    }

    /** Fills in the length and checksum of the record begun last; returns its total size. */
    int endRecord() {
      int payload = size - recordStart - RECORD_OVERHEAD;
      if (payload > MAX_PAYLOAD) {
        size = recordStart;
        recordStart = -1;
        throw new IllegalArgumentException("record payload of " + payload + " bytes exceeds " + MAX_PAYLOAD);
      }
      putInt(buf, recordStart + 4, payload);
      CRC32C c = new CRC32C();
      c.update(buf, recordStart + 4, 4);
      c.update(buf, recordStart + RECORD_OVERHEAD, payload);
      putInt(buf, recordStart + 8, (int) c.getValue());
      int total = size - recordStart;
      recordStart = -1;
      return total;
    }

    /** Discards a record begun but not ended (an encoding failure). */
    void abandonRecord() {
      if (recordStart >= 0) {
        size = recordStart;
        recordStart = -1;
      }
    }
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static int getInt(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
  }

  static byte[] header(UUID runId, long sequence, long createdMillis) {
    Sink s = new Sink(HEADER_BYTES);
    s.bytes(MAGIC);
    s.u16(VERSION);
    s.u16(0);
    s.i64(runId.getMostSignificantBits());
    s.i64(runId.getLeastSignificantBits());
    s.i64(sequence);
    s.i64(createdMillis);
    s.i32(crc(s.buf, 0, s.size));
    return Arrays.copyOf(s.buf, s.size);
  }

  /** A segment header as read back. */
  record Header(UUID runId, long sequence, Instant created) {}

  /** Parses a header, or returns empty if the bytes are not a valid version-1 header. */
  static Optional<Header> readHeader(byte[] b) {
    if (b.length < HEADER_BYTES || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    if (getInt(b, HEADER_BYTES - 4) != crc(b, 0, HEADER_BYTES - 4)) {
      return Optional.empty();
    }
    Source s = new Source(b, MAGIC.length, HEADER_BYTES - 4);
    int version = s.u16();
    s.u16();
    if (version != VERSION) {
      return Optional.empty();
    }
    UUID run = new UUID(s.i64(), s.i64());
    long seq = s.i64();
    long created = s.i64();
    return Optional.of(new Header(run, seq, Instant.ofEpochMilli(created)));
  }

  /**
   * Returns whether a whole, checksum-valid record starts at {@code pos}.
   */
  static boolean validRecordAt(byte[] b, int pos, int end) {
    if (end - pos < RECORD_OVERHEAD || getInt(b, pos) != RECORD_MAGIC) {
      return false;
    }
    int len = getInt(b, pos + 4);
    if (len < 1 || len > MAX_PAYLOAD || len > end - pos - RECORD_OVERHEAD) {
      return false;
    }
    CRC32C c = new CRC32C();
    c.update(b, pos + 4, 4);
    c.update(b, pos + RECORD_OVERHEAD, len);
    return (int) c.getValue() == getInt(b, pos + 8);
  }

  /** A bounds-checked big-endian reader over part of a byte array. */
  static final class Source {
    private final byte[] b;
    private int pos;
    private final int end;

    Source(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    private void need(int n) {
      if (end - pos < n) {
        throw new IllegalStateException("record ends " + (n - (end - pos)) + " bytes early");
      }
    }

    boolean exhausted() {
      return pos == end;
    }

    int u8() {
      need(1);
      return b[pos++] & 0xFF;
    }

    int u16() {
      need(2);
      int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    int i32() {
      need(4);
      int v = getInt(b, pos);
      pos += 4;
      return v;
    }

    long i64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (b[pos++] & 0xFF);
      }
      return v;
    }

    double f64() {
      return Double.longBitsToDouble(i64());
    }

    String string() {
      int n = u16();
      need(n);
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    BigDecimal decimal() {
      int scale = i32();
      int n = u16();
      need(n);
      if (n == 0) {
        throw new IllegalStateException("decimal with no digits");
      }
      BigInteger unscaled = new BigInteger(b, pos, n);
      pos += n;
      return new BigDecimal(unscaled, scale);
    }

    Instant instant() {
      long sec = i64();
      int nano = i32();
      return Instant.ofEpochSecond(sec, nano);
    }
  }

  /** Decodes a schema payload (after the type byte). */
  static FeatureSchema decodeSchema(Source s) {
    int n = s.i32();
    if (n < 0 || n > MAX_PAYLOAD / 3) {
      throw new IllegalStateException("schema with " + n + " features");
    }
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(s.string());
    }
    return FeatureSchema.of(names);
  }

  static void encodeSchema(Sink s, FeatureSchema schema) {
    s.beginRecord(TYPE_SCHEMA);
    s.i32(schema.size());
    for (String name : schema.names()) {
      s.string(name);
    }
    s.endRecord();
  }

  static final int FLAG_PERSONALISED = 1;
  static final int FLAG_FALLBACK = 2;

  /** Decodes a decision payload (after the type byte); {@code schema} is the segment's, or null. */
  static LoggedDecision decodeDecision(Source s, UUID runId, FeatureSchema schema) {
    long id = s.i64();
    Instant wall = Instant.ofEpochMilli(s.i64());
    Instant market = s.instant();
    String product = s.string();
    String customer = s.string();
    Currency currency = Currency.getInstance(s.string());
    BigDecimal price = s.decimal();
    BigDecimal proposed = s.decimal();
    BigDecimal reference = s.decimal();
    BigDecimal baseline = s.decimal();
    double conversion = s.f64();
    double revenue = s.f64();
    double profit = s.f64();
    double baselineProfit = s.f64();
    double propensity = s.f64();
    String model = s.string();
    int nReasons = s.u8();
    List<String> reasons = new ArrayList<>(nReasons);
    for (int i = 0; i < nReasons; i++) {
      reasons.add(s.string());
    }
    String guardrail = s.string();
    int flags = s.u8();
    int nContrib = s.u16();
    List<FeatureContribution> contributions = new ArrayList<>(nContrib);
    for (int i = 0; i < nContrib; i++) {
      String f = s.string();
      double v = s.f64();
      double r = s.f64();
      double sc = s.f64();
      int has = s.u8();
      double effect = s.f64();
      contributions.add(new FeatureContribution(f, v, r, sc, has == 1 ? OptionalDouble.of(effect)
          : OptionalDouble.empty()));
    }
    int nFeatures = s.i32();
    Optional<FeatureVector> features = Optional.empty();
    if (nFeatures > 0) {
      if (schema == null || schema.size() != nFeatures) {
        throw new IllegalStateException("decision " + id + " has " + nFeatures + " features but the segment's schema "
            + (schema == null ? "is missing" : "has " + schema.size()));
      }
      double[] x = new double[nFeatures];
      for (int i = 0; i < nFeatures; i++) {
        x[i] = s.f64();
      }
      features = Optional.of(FeatureVector.of(schema, x));
    }
    if (!s.exhausted()) {
      throw new IllegalStateException("decision " + id + " has trailing bytes");
    }
    return new LoggedDecision(runId, id, wall, market, product, customer, currency, price, proposed, reference,
        baseline, conversion, revenue, profit, baselineProfit, propensity, model, reasons,
        guardrail.isEmpty() ? Optional.empty() : Optional.of(guardrail), (flags & FLAG_PERSONALISED) != 0,
        (flags & FLAG_FALLBACK) != 0, contributions, features, Optional.empty());
  }

  /** Decodes an outcome payload (after the type byte). */
  static LoggedOutcome decodeOutcome(Source s, UUID runId) {
    long id = s.i64();
    Instant wall = Instant.ofEpochMilli(s.i64());
    double units = s.f64();
    Instant time = s.instant();
    if (!s.exhausted()) {
      throw new IllegalStateException("outcome " + id + " has trailing bytes");
    }
    return new LoggedOutcome(runId, id, units, time, wall);
  }
}
