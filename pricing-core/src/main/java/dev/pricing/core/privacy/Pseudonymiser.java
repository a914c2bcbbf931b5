package dev.pricing.core.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns customer identifiers into keyed pseudonyms: {@code HMAC-SHA256(key, UTF-8(id))}, written as
 * {@code <keyId>.<43 characters of unpadded base64url>}, for example
 * {@code k2026a.qv2cG0m3...}. The same key and id always give the same pseudonym, so a customer's records can
 * be joined; without the key, the id cannot be recovered or confirmed by hashing guesses (unlike a plain or
 * salted hash of an e-mail address, which a dictionary reverses).
 *
 * <p><b>Keys.</b> At least 32 bytes of secret, random key material (for example
 * {@code openssl rand -base64 32}). The key id names the key, so that after a rotation the pseudonyms of old
 * and new records can be told apart (they do not match across keys by design); it is 1 to 32 characters of
 * {@code [A-Za-z0-9_-]} and is not secret. Keys come from bytes ({@link #of}), from a file holding the base64
 * key on one line ({@link #fromKeyFile}) or from an environment variable holding it
 * ({@link #fromEnvironment}); the library never stores or logs the key, and exception messages give its
 * length, never its bytes.
 *
 * <p>Immutable and thread-safe without locks: each thread computes with its own {@link Mac} instance (a
 * {@link ThreadLocal}), initialised once per thread from a private copy of the key.
 */
public final class Pseudonymiser {
  /** The smallest accepted key, in bytes: the HMAC-SHA256 output size. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String keyId;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private Pseudonymiser(String keyId, byte[] keyBytes) {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("keyId must be 1 to 32 characters of [A-Za-z0-9_-], found '" + keyId + "'");
    }
    if (keyBytes == null || keyBytes.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("key must be at least " + MIN_KEY_BYTES + " bytes, found "
          + (keyBytes == null ? "null" : keyBytes.length + " bytes"));
    }
    boolean constant = true;
    for (byte b : keyBytes) {
      constant &= b == keyBytes[0];
    }
    if (constant) {
      throw new IllegalArgumentException("key must be random key material, found " + keyBytes.length
          + " bytes all equal to " + keyBytes[0]);
    }
    this.keyId = keyId;
    this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
    newMac(); // fail now, not on first use, if the JDK lacks HmacSHA256
  }

  /**
   * Returns a pseudonymiser over key bytes (copied).
   *
   * @param keyId the key's name, 1 to 32 characters of {@code [A-Za-z0-9_-]}
   * @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes, not all equal
   * @return the pseudonymiser
   * @throws IllegalArgumentException naming the field if the key id or key is invalid
   */
  public static Pseudonymiser of(String keyId, byte[] key) {
    Objects.requireNonNull(key, "key must not be null");
    byte[] copy = key.clone();
    try {
      return new Pseudonymiser(keyId, copy);
    } finally {
      Arrays.fill(copy, (byte) 0); // SecretKeySpec holds its own copy
    }
  }

  /**
   * Returns a pseudonymiser whose key is the base64 (standard or URL-safe, padding optional) text of a file,
   * surrounding whitespace ignored.
   *
   * @param keyId the key's name
   * @param file the key file
   * @return the pseudonymiser
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file if its text is not base64 or the key is too short
   */
  public static Pseudonymiser fromKeyFile(String keyId, Path file) {
    Objects.requireNonNull(file, "file must not be null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
    return of(keyId, decode(text, "key file " + file));
  }

  /**
   * Returns a pseudonymiser whose key is the base64 text of an environment variable.
   *
   * @param keyId the key's name
   * @param variable the environment variable's name
   * @return the pseudonymiser
   * @throws IllegalArgumentException naming the variable if it is unset, not base64 or too short
   */
  public static Pseudonymiser fromEnvironment(String keyId, String variable) {
    Objects.requireNonNull(variable, "variable must not be null");
    String text = System.getenv(variable);
    if (text == null) {
      throw new IllegalArgumentException("environment variable " + variable + " is not set");
    }
    return of(keyId, decode(text, "environment variable " + variable));
  }

  private static byte[] decode(String text, String source) {
    String t = text.strip().replace('-', '+').replace('_', '/');
    try {
      return Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " must hold a base64 key, found " + t.length()
          + " characters that are not base64 (" + e.getMessage() + ")");
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK cannot initialise " + ALGORITHM, e);
    }
  }

  /**
   * Returns the key's name.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns the pseudonym of an identifier: {@code keyId + "." + base64url(HMAC-SHA256(key, UTF-8(id)))},
   * URL-safe and stable for a given key.
   *
   * @param id the raw identifier, not null
   * @return the pseudonym
   * @throws NullPointerException if the id is null
   */
  public String pseudonymise(String id) {
    Objects.requireNonNull(id, "id must not be null");
    Mac mac = macs.get();
    byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
    return keyId + "." + ENCODER.encodeToString(digest);
  }

  @Override
  public String toString() {
    return "Pseudonymiser[keyId=" + keyId + ", HMAC-SHA256]";
  }
}
