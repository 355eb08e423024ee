package ch.uncloud.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the connections open at once from one client address: a connection beyond the limit is
 * closed as soon as it opens, before it can send a request. Counts network connections only (with
 * HTTPS, the TLS connection, not the HTTP connection inside it). Added as a bean to the connector,
 * which makes Jetty tell it of every connection it opens and closes. Thread-safe.
 */
final class ConnectionsPerAddress implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

  private final int max;
  private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
  // a closed channel no longer knows its peer, so each connection's address is remembered while it is open
  private final ConcurrentHashMap<Connection, InetAddress> addresses = new ConcurrentHashMap<>();

  ConnectionsPerAddress(int max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = address(connection);
    if (address == null) {
      return;
    }
    addresses.put(connection, address);
    int count = open.merge(address, 1, Integer::sum);
    if (count > max) {
      LOG.debug("closing a connection from {}: it has {} open, at most {} are allowed", address, count - 1, max);
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress address = addresses.remove(connection);
    if (address != null) {
      open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
  }

  private static InetAddress address(Connection connection) {
    if (!(connection.getEndPoint() instanceof SocketChannelEndPoint endPoint)) {
      return null;
    }
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
