package dev.pricing.core.log;

/**
 * What a {@link DecisionLogReader} found when it checked every segment of a log directory.
 *
 * <p>A <i>torn tail</i> is an invalid region that runs to the end of its segment with no valid record after
 * it: what a process killed in the middle of a write leaves, and expected at most once per run (in the
 * segment being written when it died). A <i>corrupt region</i> is an invalid region followed by a valid
 * record in the same segment: bytes damaged after they were written (disk or copy errors). The reader skips
 * both and returns every record around them; neither is ever returned as data.
 *
 * <p>Immutable and thread-safe.
 *
 * @param segments segment files read
 * @param unreadableSegments segments whose 48-byte header is missing or invalid (skipped whole); a file
 *     shorter than a header is counted as a torn tail instead
 * @param decisions valid decision records
 * @param outcomes valid outcome records
 * @param orphanOutcomes outcomes whose decision is not in the log (dropped, deleted by retention, or torn)
 * @param corruptRegions invalid regions followed by a valid record
 * @param corruptBytes bytes in those regions
 * @param tornTails invalid regions at the end of a segment
 * @param tornBytes bytes in those tails
 * @param undecodableRecords records with a valid checksum whose content could not be decoded (an unknown
 *     record type or an inconsistent field)
 */
public record LogReadStats(int segments, int unreadableSegments, long decisions, long outcomes, long orphanOutcomes,
    long corruptRegions, long corruptBytes, long tornTails, long tornBytes, long undecodableRecords) {

  /**
   * Returns whether nothing at all was skipped.
   *
   * @return true when every byte of every segment was a valid record
   */
  public boolean clean() {
    return unreadableSegments == 0 && corruptRegions == 0 && tornTails == 0 && undecodableRecords == 0;
  }
}
