package ch.uncloud.ovh;

/** Implemented by every exception that reports an OVH API failure, to reach OVH's own details. */
public interface OvhApiError {
  /**
   * @return OVH's error code or class, message and query id for this failure
   */
  OvhErrorDetails ovhError();
}
