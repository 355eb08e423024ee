package ch.uncloud.ceph;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.UncloudException;
import com.ceph.rados.exceptions.RadosException;
import com.ceph.rbd.RbdException;

/** Turns librados/librbd failures into uncloud errors that say what to do. */
final class CephErrors {
  static final int ENOENT = -2;
  static final int EPERM = -1;
  static final int EACCES = -13;
  static final int EBUSY = -16;
  static final int EEXIST = -17;
  static final int EINVAL = -22;
  static final int ETIMEDOUT = -110;

  static final String INSTALL_HINT = "install the Ceph client libraries: apt-get install librados2 librbd1"
      + " (Debian/Ubuntu) or dnf install librados2 librbd1 (Fedora/RHEL)";

  private CephErrors() {}

  /**
   * @param e what JNA threw while loading librados or librbd
   * @return the error to throw instead
   */
  static ConfigurationException nativeLibraryMissing(LinkageError e) {
    return new ConfigurationException("the native Ceph libraries librados.so.2 / librbd.so.1 cannot be loaded ("
        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); " + INSTALL_HINT, e);
  }

  /** @return the errno (negative) carried by a rados-java exception, or 0 */
  static int errno(Exception e) {
    if (e instanceof RbdException r) {
      return r.getReturnValue();
    }
    if (e instanceof RadosException r) {
      return r.getReturnValue();
    }
    return 0;
  }

  /**
   * @param cluster the cluster's name
   * @param what what was being done, e.g. "snapshot rbd/vm1@s1"
   * @param e the failure
   * @return a generic error for failures without a more specific meaning
   */
  static UncloudException failed(String cluster, String what, Exception e) {
    int errno = errno(e);
    if (errno == EPERM || errno == EACCES) {
      return new ConfigurationException("Ceph cluster '" + cluster + "' refused to " + what + " (permission denied, "
          + errno + "); give the client id 'profile rbd' caps on the pool", e);
    }
    if (errno == ETIMEDOUT) {
      return new ProviderUnavailableException("Ceph cluster '" + cluster + "' did not answer in time to " + what
          + "; check that its monitors and OSDs are up, then retry", e);
    }
    return new ProviderUnavailableException("Ceph cluster '" + cluster + "' failed to " + what + " (errno " + errno
        + ": " + e.getMessage() + "); retry, and check the cluster's health if it persists", e);
  }
}
