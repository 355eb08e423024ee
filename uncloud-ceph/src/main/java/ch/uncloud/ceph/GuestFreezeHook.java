package ch.uncloud.ceph;

import ch.uncloud.api.snapshots.VirtualMachine;

/**
 * Runs around a snapshot so the guest's file systems are consistent, e.g. through the QEMU guest
 * agent ({@code guest-fsfreeze-freeze} / {@code guest-fsfreeze-thaw}). {@link #thaw} is always
 * called once {@link #freeze} returned, even if the snapshot failed. A failing freeze aborts the
 * snapshot before any disk is touched. Implementations must be thread-safe.
 */
public interface GuestFreezeHook {
  /** A hook that does nothing (crash-consistent snapshots). */
  GuestFreezeHook NONE = new GuestFreezeHook() {
    @Override
    public void freeze(VirtualMachine vm) {
      // crash-consistent: nothing to freeze
    }

    @Override
    public void thaw(VirtualMachine vm) {
      // nothing was frozen
    }
  };

  /** @param vm the VM about to be snapshotted */
  void freeze(VirtualMachine vm);

  /** @param vm the VM whose snapshot finished or failed */
  void thaw(VirtualMachine vm);
}
