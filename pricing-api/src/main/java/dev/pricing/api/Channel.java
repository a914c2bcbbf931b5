package dev.pricing.api;

/** The sales channel a request comes from. Each constant carries a stable external id. Immutable and thread-safe (an enum). */
public enum Channel {
  /** The web shop. */
  WEB("web"),
  /** A mobile app. */
  APP("app"),
  /** A third-party marketplace. */
  MARKETPLACE("marketplace"),
  /** A physical store. */
  STORE("store");

  private final String id;

  Channel(String id) {
    this.id = id;
  }

  /**
   * Returns the stable external id, for logs and configuration.
   *
   * @return the id, for example {@code "web"}
   */
  public String id() {
    return id;
  }
}
