package dev.pricing.core.demand;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a trained demand model came from: when, from how many offers over which period, how the log was
 * split, how Tribuo was configured, and what the trainer changed to keep demand monotone.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trainedAt when training finished
 * @param trainingRows offers trained on
 * @param validationRows offers held out
 * @param firstOffer the earliest offer's time
 * @param lastOffer the latest offer's time
 * @param split a description of the validation split
 * @param trainer the Tribuo trainer's description
 * @param seed the random seed
 * @param notes what the trainer did beyond fitting (for example price terms clamped to 0), possibly empty
 */
public record TrainingProvenance(Instant trainedAt, long trainingRows, long validationRows, Instant firstOffer,
    Instant lastOffer, String split, String trainer, long seed, List<String> notes) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a count is negative
   */
  public TrainingProvenance {
    Objects.requireNonNull(trainedAt, "trainedAt must not be null");
    Objects.requireNonNull(firstOffer, "firstOffer must not be null");
    Objects.requireNonNull(lastOffer, "lastOffer must not be null");
    Objects.requireNonNull(split, "split must not be null");
    Objects.requireNonNull(trainer, "trainer must not be null");
    notes = List.copyOf(Objects.requireNonNull(notes, "notes must not be null"));
    if (trainingRows < 0 || validationRows < 0) {
      throw new IllegalArgumentException("row counts must not be negative, found " + trainingRows + " and "
          + validationRows);
    }
  }
}
