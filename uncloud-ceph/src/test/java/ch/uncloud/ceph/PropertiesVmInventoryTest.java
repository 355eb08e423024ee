package ch.uncloud.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed VM inventory. */
class PropertiesVmInventoryTest {
  private static final UUID VM = UUID.fromString("6f1c3a52-0d1e-4f5b-9a7c-2b8d9e0f1a2b");

  @Test
  @DisplayName("disks are read in number order, with the default cluster and pool filled in")
  void readsDisks(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("vms.properties"), """
        vm.%1$s.owner = alice
        vm.%1$s.disk.10 = backup:slow/data
        vm.%1$s.disk.2 = root
        vm.%1$s.disk.3 = ssd/swap
        """.formatted(VM));
    PropertiesVmInventory inventory = new PropertiesVmInventory(file, "rbd");

    VirtualMachine vm = inventory.find(VM).orElseThrow();
    assertThat(vm.owner()).isEqualTo(Username.of("alice"));
    assertThat(vm.disks()).containsExactly(VmDisk.of("rbd", "root"), VmDisk.of("ssd", "swap"),
        new VmDisk("backup", "slow", "data"));
    assertThat(inventory.find(UUID.randomUUID())).isEmpty();
    assertThat(inventory.all()).containsExactly(vm);
  }

  @Test
  @DisplayName("a changed file is read again")
  void rereads(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("vms.properties"), "vm." + VM + ".owner=alice\nvm." + VM + ".disk.0=a\n");
    PropertiesVmInventory inventory = new PropertiesVmInventory(file, "rbd");
    assertThat(inventory.find(VM).orElseThrow().owner().value()).isEqualTo("alice");

    Files.writeString(file, "vm." + VM + ".owner=bob\nvm." + VM + ".disk.0=a\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(inventory.find(VM).orElseThrow().owner().value()).isEqualTo("bob");
  }

  @Test
  @DisplayName("every problem of a malformed file is reported at once")
  void reportsAllProblems(@TempDir Path dir) throws Exception {
    UUID noDisks = UUID.randomUUID();
    UUID noOwner = UUID.randomUUID();
    Path file = Files.writeString(dir.resolve("vms.properties"), """
        vm.not-a-uuid.owner = alice
        vm.%1$s.owner = alice
        vm.%2$s.disk.0 = rbd/x
        vm.%1$s.colour = blue
        vm.%3$s.owner = carol
        vm.%3$s.disk.0 = rbd/bad@name
        """.formatted(noDisks, noOwner, VM));

    assertThatThrownBy(() -> new PropertiesVmInventory(file, "rbd").all()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not-a-uuid").hasMessageContaining("colour")
        .hasMessageContaining(noDisks + " has no disk").hasMessageContaining("vm." + noOwner + " has disks but no")
        .hasMessageContaining("bad@name");
  }

  @Test
  @DisplayName("an unreadable inventory names the key to fix")
  void missingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> new PropertiesVmInventory(dir.resolve("absent"), "rbd").all())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("uncloud.ceph.inventory");
  }

  @Test
  @DisplayName("disk specs are [cluster:]pool/image and refuse '@', '/' in names and blanks")
  void diskSpecs() {
    assertThat(VmDisk.parse("c1:p/i", "rbd")).isEqualTo(new VmDisk("c1", "p", "i"));
    assertThat(VmDisk.parse("i", "rbd")).isEqualTo(VmDisk.of("rbd", "i"));
    assertThatThrownBy(() -> VmDisk.parse("p/i@snap", "rbd")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> VmDisk.parse("p/a/b", "rbd")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> VmDisk.parse("p/", "rbd")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
    assertThatThrownBy(() -> VmDisk.parse(" ", "rbd")).isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }
}
