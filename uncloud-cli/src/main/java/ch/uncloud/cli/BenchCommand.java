package ch.uncloud.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code uncloud bench}: the benchmark harness is its own jar (module uncloud-bench). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run the benchmarks (module uncloud-bench).",
        "The ./uncloud launcher runs the harness's own jar for `./uncloud bench ...`, building it when needed."})
final class BenchCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "ARGS", description = "Passed to the benchmark harness.")
  List<String> args;

  @Override
  public Integer call() {
    throw new UncloudCommand.CommandFailure("the benchmark harness is a separate jar (module uncloud-bench): run "
        + "./uncloud bench ... from the repository root, or java -jar uncloud-bench/target/uncloud-bench-*-all.jar");
  }
}
