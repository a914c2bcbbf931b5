package dev.pricing.eval;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Deterministic A/B assignment by hashing: a unit (customer or product id) goes to the treatment arm when a
 * 64-bit hash of the salt and the id, read as a number in [0, 1), falls below the treatment share. The hash
 * is FNV-1a over the UTF-8 bytes of {@code salt + '\0' + id}, finished with the SplitMix64 mixer, so the
 * assignment is the same on every run, JVM and platform, and a new salt gives an independent split.
 *
 * <p>Rejects a null salt and a treatment share outside (0, 1). Immutable and thread-safe.
 *
 * @param salt the experiment's salt (for example its name); different experiments should use different salts
 * @param treatmentShare the share of units in the treatment arm, in (0, 1)
 */
public record HashAssignment(String salt, double treatmentShare) {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** Validates every component. */
  public HashAssignment {
    Objects.requireNonNull(salt, "salt");
    if (!(treatmentShare > 0 && treatmentShare < 1)) {
      throw new IllegalArgumentException("treatmentShare must be in (0, 1), found " + treatmentShare);
    }
  }

  /**
   * Returns an even split.
   *
   * @param salt the salt
   * @return the assignment
   */
  public static HashAssignment even(String salt) {
    return new HashAssignment(salt, 0.5);
  }

  /**
   * Returns the arm of a unit.
   *
   * @param unitId the unit's id, not blank
   * @return the arm
   */
  public Arm arm(String unitId) {
    return bucket(salt, unitId) < treatmentShare ? Arm.TREATMENT : Arm.CONTROL;
  }

  /**
   * Returns the unit's position in [0, 1) for a salt.
   *
   * @param salt the salt
   * @param unitId the unit's id, not blank
   * @return the position
   */
  public static double bucket(String salt, String unitId) {
    return (hash64(salt, unitId) >>> 11) * 0x1.0p-53;
  }

  /**
   * Returns the 64-bit hash of a salt and a unit id.
   *
   * @param salt the salt
   * @param unitId the unit's id, not blank
   * @return the hash
   */
  public static long hash64(String salt, String unitId) {
    Objects.requireNonNull(salt, "salt");
    if (unitId == null || unitId.isBlank()) {
      throw new IllegalArgumentException("unitId must not be blank, found '" + unitId + "'");
    }
    long h = FNV_OFFSET;
    for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    h *= FNV_PRIME; // the zero byte between salt and id
    for (byte b : unitId.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
