package ch.uncloud.gateway;

import ch.uncloud.api.ErrorCodes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body completely before the endpoints see the request, without holding a thread
 * while bytes trickle in: it reads what has arrived, asks Jetty to call back when more arrives, and
 * hands the request on (with the body in memory) only once the body is complete. A body that arrives
 * slower than {@link ConnectionLimits#minBodyRate()} after {@link ConnectionLimits#bodyGrace()} is cut
 * off with 408 {@code request_timeout} and the connection is closed.
 *
 * <p>At most {@code maxBodyBytes + 1} bytes are kept: the endpoints refuse anything longer with 413.
 * A body declared longer than that is not read here at all, so the endpoint refuses it unread.
 */
final class BodyReader extends Handler.Wrapper {
  private final int maxBodyBytes;
  private final ConnectionLimits limits;

  BodyReader(Handler next, int maxBodyBytes, ConnectionLimits limits) {
    super(next);
    this.maxBodyBytes = maxBodyBytes;
    this.limits = limits;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long declared = request.getLength();
    boolean hasBody = declared > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (!hasBody || declared > maxBodyBytes) {
      return super.handle(request, response, callback);
    }
    new Reading(request, response, callback).run();
    return true;
  }

  /** One body being read; {@link #run()} is also Jetty's callback when more content arrives. */
  private final class Reading implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long startedNanos = NanoTime.now();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicLong arrived = new AtomicLong();
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Scheduler.Task check;

    Reading(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    @Override
    public void run() {
      while (!settled.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          if (check == null) {
            // a body that came with the request's head never needs the check (nor its timer)
            scheduleCheck(Math.max(1, limits.millisUntilShort(arrived.get()) - NanoTime.millisSince(startedNanos)));
          }
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          failed(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int length = bytes.remaining();
        int room = maxBodyBytes + 1 - body.size();
        byte[] copy = new byte[Math.min(length, room)];
        bytes.get(copy);
        body.writeBytes(copy);
        arrived.addAndGet(length);
        boolean last = chunk.isLast();
        chunk.release();
        if (last || body.size() > maxBodyBytes) {
          complete();
          return;
        }
      }
    }

    private void complete() {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      cancelCheck();
      Request buffered = new BufferedRequest(request, body.toByteArray());
      try {
        if (!getHandler().handle(buffered, response, callback)) {
          Response.writeError(request, response, callback, 404);
        }
      } catch (Throwable failure) {
        Response.writeError(request, response, callback, failure);
      }
    }

    private void failed(Throwable failure) {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      cancelCheck();
      if (failure instanceof TimeoutException) {
        tooSlow();
      } else {
        callback.failed(failure);
      }
    }

    /** Runs on Jetty's scheduler: cuts the body off if too little of it has arrived by now. */
    private void check() {
      if (settled.get()) {
        return;
      }
      long elapsed = NanoTime.millisSince(startedNanos);
      long got = arrived.get();
      if (got >= limits.requiredBytes(elapsed)) {
        scheduleCheck(Math.max(1, limits.millisUntilShort(got) - elapsed));
      } else if (settled.compareAndSet(false, true)) {
        tooSlow();
      }
    }

    private void tooSlow() {
      GatewayHandler.send(response, callback, GatewayHandler.error(408, ErrorCodes.REQUEST_TIMEOUT,
          "the request body arrived slower than " + limits.minBodyRate() + " bytes per second; send it at once")
          .withHeaders(Map.of("Connection", "close")));
    }

    private void scheduleCheck(long millis) {
      check = request.getComponents().getScheduler().schedule(this::check, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelCheck() {
      Scheduler.Task task = check;
      if (task != null) {
        task.cancel();
      }
    }
  }

  /** The request with its body already read: reading never waits. */
  private static final class BufferedRequest extends Request.Wrapper {
    private Content.Chunk content;

    BufferedRequest(Request request, byte[] body) {
      super(request);
      this.content = Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk next = content;
      content = Content.Chunk.EOF;
      return next;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }
}
