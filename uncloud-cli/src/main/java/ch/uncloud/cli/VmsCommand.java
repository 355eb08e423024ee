package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Vm;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uncloud vms}: a user's VMs, like {@code GET /api/v1/vms}. */
@Command(name = "vms", mixinStandardHelpOptions = true,
    description = {"List a user's VMs: one per active VM or hosting order, with the UUID to snapshot it by.",
        "Run by an operator on the configuration, on behalf of the user (the user's own login is the REST API's).", "",
        "  uncloud vms --config FILE --user nethzuser"})
final class VmsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "Whose VMs.")
  String user;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      List<Vm> vms = backend.uncloud().vms().list(Username.of(user));
      PrintWriter out = spec.commandLine().getOut();
      if (vms.isEmpty()) {
        out.println(user + " has no VM; order one with `uncloud order --product ipv6-vm ...`");
      }
      for (Vm vm : vms) {
        out.println(vm.id() + "  " + vm.productCode() + "  order " + vm.orderId() + "  disks: "
            + (vm.provisioned() ? vm.disks().stream().map(Object::toString).collect(Collectors.joining(", "))
                : "(not provisioned yet)"));
      }
      return 0;
    }
  }
}
