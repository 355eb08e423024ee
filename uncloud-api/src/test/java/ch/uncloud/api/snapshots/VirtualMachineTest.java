package ch.uncloud.api.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VirtualMachineTest {
  private static final UUID VM = UUID.fromString("6f1c3a52-0d1e-4f5b-9a7c-2b8d9e0f1a2b");
  private static final Username ALICE = Username.of("alice");

  @Test
  @DisplayName("a VM needs at least one disk and lists each disk once")
  void disksRequiredAndUnique() {
    assertThatThrownBy(() -> new VirtualMachine(VM, ALICE, List.of())).isInstanceOf(InvalidRequestException.class)
        .hasFieldOrPropertyWithValue("errorCode", "invalid_argument").hasMessageContaining("no disk");
    assertThatThrownBy(() -> new VirtualMachine(VM, ALICE, List.of(VmDisk.of("rbd", "a"), new VmDisk("ceph", "rbd", "a"))))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("twice");
  }

  @Test
  @DisplayName("a VM keeps its disks in order and cannot be changed through the list it was given")
  void disksCopied() {
    List<VmDisk> disks = new ArrayList<>(List.of(VmDisk.of("rbd", "root"), VmDisk.parse("backup:slow/data", "rbd")));
    VirtualMachine vm = new VirtualMachine(VM, ALICE, disks);
    disks.clear();

    assertThat(vm.disks()).extracting(VmDisk::toString).containsExactly("ceph:rbd/root", "backup:slow/data");
    assertThat(vm.disks().get(0).imageSpec()).isEqualTo("rbd/root");
    assertThat(VmDisk.of("rbd", "root").cluster()).isEqualTo(VmDisk.DEFAULT_CLUSTER);
  }
}
