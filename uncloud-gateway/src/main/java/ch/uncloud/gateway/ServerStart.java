package ch.uncloud.gateway;

import ch.uncloud.api.ProviderUnavailableException;
import org.eclipse.jetty.server.Server;

/** Starts a Jetty server, or stops what of it did start and says which listener failed and what to change. */
final class ServerStart {
  private ServerStart() {}

  /**
   * @param server the server, its connector set up
   * @param listener what it is, for the message, e.g. {@code the REST gateway on 127.0.0.1:8080}
   * @param remedy what the operator can change, e.g. {@code pick another --port or --bind}
   * @throws ProviderUnavailableException if it did not start
   */
  static void startOrFail(Server server, String listener, String remedy) {
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing; the start error is the one to report
      }
      throw new ProviderUnavailableException("cannot start " + listener + ": " + e.getMessage() + "; " + remedy, e);
    }
  }
}
