package ch.uncloud.cli;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.TakenSnapshot;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uncloud snapshot create|list|delete}: a user's VM snapshots, like {@code /api/v1/vms/UUID/snapshots}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = {"Take, list and delete snapshots of a user's VM (all its disks; billed per GB-second).",
        "Run by an operator on the configuration, on behalf of the user; `uncloud vms` shows the VM's UUID.", "",
        "  uncloud snapshot create --config FILE --user nethzuser --vm UUID --name before-upgrade",
        "  uncloud snapshot list   --config FILE --user nethzuser [--vm UUID]",
        "  uncloud snapshot delete --config FILE --user nethzuser --id SNAPSHOT_ID"},
    subcommands = {SnapshotCommand.Create.class, SnapshotCommand.ListSnapshots.class, SnapshotCommand.Delete.class})
final class SnapshotCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name what to do: create, list or delete");
  }

  static UUID vmId(String text) {
    try {
      UUID id = UUID.fromString(text);
      if (id.toString().equals(text)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the VM id '" + text + "' is not a UUID; "
        + "`uncloud vms --user NAME` lists them");
  }

  static void print(PrintWriter out, Snapshot s) {
    out.println(s.id() + "  " + s.name() + "  VM " + s.vmId() + "  " + s.sizeBytes() + " bytes  taken "
        + s.createdAt() + (s.isProtected() ? "  protected" : ""));
  }

  /** {@code uncloud snapshot create}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Snapshot every disk of a user's VM under one name.")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The VM's owner.")
    String user;

    @Option(names = "--vm", required = true, paramLabel = "UUID", description = "The VM (see `uncloud vms`).")
    String vm;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The snapshot's name, unique per VM.")
    String name;

    @Option(names = "--key", paramLabel = "KEY", description = "Idempotency key: a retry with the same key snapshots once.")
    String key;

    @Override
    public Integer call() {
      UUID vmId = vmId(vm);
      try (Backend backend = target.open()) {
        TakenSnapshot taken = backend.uncloud().snapshots().create(Username.of(user), vmId, name,
            key == null ? null : IdempotencyKey.of(key));
        PrintWriter out = spec.commandLine().getOut();
        out.println(taken.replayed() ? "already taken (same --key):" : "taken:");
        print(out, taken.snapshot());
        return 0;
      }
    }
  }

  /** {@code uncloud snapshot list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's snapshots, oldest first.")
  static final class ListSnapshots implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The owner.")
    String user;

    @Option(names = "--vm", paramLabel = "UUID", description = "Only this VM's snapshots.")
    String vm;

    @Override
    public Integer call() {
      Optional<UUID> vmId = vm == null ? Optional.empty() : Optional.of(vmId(vm));
      try (Backend backend = target.open()) {
        Username owner = Username.of(user);
        vmId.ifPresent(id -> backend.uncloud().vms().get(owner, id)); // another's or a missing VM: unknown_vm
        List<Snapshot> snapshots = backend.uncloud().snapshots().list(owner, vmId);
        PrintWriter out = spec.commandLine().getOut();
        if (snapshots.isEmpty()) {
          out.println("no snapshot");
        }
        snapshots.forEach(s -> print(out, s));
        return 0;
      }
    }
  }

  /** {@code uncloud snapshot delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a snapshot on every disk; its billing ends.")
  static final class Delete implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The owner.")
    String user;

    @Option(names = "--id", required = true, paramLabel = "SNAPSHOT_ID", description = "The snapshot (see `uncloud snapshot list`).")
    String id;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        backend.uncloud().snapshots().delete(Username.of(user), id);
        spec.commandLine().getOut().println("deleted snapshot " + id);
        return 0;
      }
    }
  }
}
