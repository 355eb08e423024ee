package ch.uncloud.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code uncloud bench}: the benchmark harness lives in the module uncloud-bench. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the benchmarks (module uncloud-bench).")
final class BenchCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Passed to the benchmark harness.")
  List<String> args;

  @Override
  public Integer call() {
    throw new UncloudCommand.CommandFailure("the benchmark harness is not part of this build yet: it will come with "
        + "the module uncloud-bench (./uncloud bench runs it once it exists)");
  }
}
