package ch.uncloud.cli;

import static ch.uncloud.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.cli.CommandLineTest.Run;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The VM commands: uncloud vms and uncloud snapshot create|list|delete, on the demo")
class VmCommandLineTest {
  private static final Pattern UUID_AT_START = Pattern.compile("^([0-9a-f-]{36}) ", Pattern.MULTILINE);

  @TempDir
  Path dir;

  private Run uncloud(String... args) {
    String[] all = new String[args.length + 3];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--demo";
    all[args.length + 1] = "--data";
    all[args.length + 2] = dir.resolve("data").toString();
    return run("", all);
  }

  private String orderVm(String user) {
    assertThat(uncloud("order", "--user", user, "--product", "membership").status()).isZero();
    Run vm = uncloud("order", "--user", user, "--product", "ipv6-vm", "--param", "cores=1", "--param", "ram_gb=1",
        "--param", "os_disk_gb=10", "--param", "os=debian-12", "--pay", "invoice");
    assertThat(vm.status()).as(vm.err()).isZero();
    Run vms = uncloud("vms", "--user", user);
    assertThat(vms.status()).as(vms.err()).isZero();
    Matcher id = UUID_AT_START.matcher(vms.out());
    assertThat(id.find()).as(vms.out()).isTrue();
    return id.group(1);
  }

  @Test
  @DisplayName("--help names vms and snapshot, and each subcommand its options")
  void help() {
    assertThat(run("", "--help").out()).contains("vms", "snapshot");
    assertThat(run("", "vms", "--help").out()).startsWith("Usage: uncloud vms").contains("--user", "--demo", "--config");
    assertThat(run("", "snapshot", "--help").out()).startsWith("Usage: uncloud snapshot").contains("create", "list", "delete");
    assertThat(run("", "snapshot", "create", "--help").out()).contains("--user", "--vm", "--name", "--key");
    assertThat(run("", "snapshot", "delete", "--help").out()).contains("--user", "--id");
  }

  @Test
  @DisplayName("a VM ordered in one command is listed by the next, snapshotted twice, and one snapshot deleted")
  void ordersListsSnapshotsAndDeletes() {
    String vm = orderVm("nethzuser");
    assertThat(uncloud("vms", "--user", "nethzuser").out()).contains(vm + "  ipv6-vm  order ord_").contains("disks: memory:rbd/vm-");

    Run first = uncloud("snapshot", "create", "--user", "nethzuser", "--vm", vm, "--name", "one", "--key", "k1");
    Run second = uncloud("snapshot", "create", "--user", "nethzuser", "--vm", vm, "--name", "two");
    Run replay = uncloud("snapshot", "create", "--user", "nethzuser", "--vm", vm, "--name", "one", "--key", "k1");
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(replay.out()).startsWith("already taken (same --key):");
    assertThat(first.out()).contains(" one  VM " + vm + "  10737418240 bytes");

    String secondId = second.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
    Run deleted = uncloud("snapshot", "delete", "--user", "nethzuser", "--id", secondId);
    assertThat(deleted.status()).as(deleted.err()).isZero();

    Run list = uncloud("snapshot", "list", "--user", "nethzuser", "--vm", vm);
    assertThat(list.out().lines()).singleElement().satisfies(l -> assertThat(l).contains(" one  VM " + vm));
  }

  @Test
  @DisplayName("errors are one line with the error code, exit 1: not a UUID, another user's VM or snapshot, a bad name")
  void errors() {
    String vm = orderVm("nethzuser");
    String snapshot = uncloud("snapshot", "create", "--user", "nethzuser", "--vm", vm, "--name", "mine").out()
        .lines().skip(1).findFirst().orElseThrow().split(" ")[0];

    Run notUuid = uncloud("snapshot", "create", "--user", "nethzuser", "--vm", "vm-1", "--name", "x");
    Run othersVm = uncloud("snapshot", "create", "--user", "erstsemester", "--vm", vm, "--name", "x");
    Run othersList = uncloud("snapshot", "list", "--user", "erstsemester", "--vm", vm);
    Run othersSnapshot = uncloud("snapshot", "delete", "--user", "erstsemester", "--id", snapshot);
    Run badName = uncloud("snapshot", "create", "--user", "nethzuser", "--vm", vm, "--name", "a b");

    assertThat(notUuid.status()).isEqualTo(1);
    assertThat(notUuid.err().trim()).isEqualTo("uncloud: the VM id 'vm-1' is not a UUID; `uncloud vms --user NAME` "
        + "lists them [invalid_argument]");
    assertThat(othersVm.err().trim()).startsWith("uncloud: ").endsWith("[unknown_vm]").doesNotContain("\n");
    assertThat(othersList.err().trim()).endsWith("[unknown_vm]");
    assertThat(othersSnapshot.err().trim()).endsWith("[unknown_snapshot]");
    assertThat(badName.status()).isEqualTo(1);
    assertThat(badName.err().trim()).endsWith("[invalid_argument]");
    assertThat(uncloud("snapshot", "list", "--user", "nethzuser").out().lines()).hasSize(1);
    assertThat(uncloud("vms", "--user", "erstsemester").out()).startsWith("erstsemester has no VM");
  }
}
