package ch.uncloud.gateway;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's login with their directory account, counted by the login rate limiter (names prefixed
 * {@code user:}, so a person and an admin of the same name are counted apart). The shop's API (HTTP Basic)
 * and the web pages (a form) both log people in here. Thread-safe.
 */
final class PersonLogin {
  private static final Logger LOG = LoggerFactory.getLogger(PersonLogin.class);

  private final Uncloud uncloud;
  private final LoginRateLimiter limiter;

  PersonLogin(Uncloud uncloud, LoginRateLimiter limiter) {
    this.uncloud = uncloud;
    this.limiter = limiter;
  }

  /**
   * @param name the name as typed
   * @param password the password
   * @param address the client's address
   * @param challenge headers of the 401 answer
   * @return the person, as the directory spells the name
   * @throws GatewayError 401 {@code bad_credentials} (the same for an unknown name and a wrong password), or
   *     429 {@code too_many_login_failures} when a count covering the login is used up
   */
  Username login(String name, String password, String address, Map<String, String> challenge) {
    String limiterName = "user:" + name;
    limiter.checkAllowed(limiterName, address);
    try {
      Username user = uncloud.users().authenticate(name, Secret.of(password));
      limiter.succeeded(limiterName, address);
      return user;
    } catch (BadCredentialsException e) {
      limiter.failed(limiterName, address, e.reason() != BadCredentialsException.Reason.UNKNOWN_NAME);
      LOG.info("refused user login from {} ({})", address, e.reason());
      throw new GatewayError(401, e.errorCode(), e.getMessage(), challenge);
    } catch (InvalidRequestException e) {
      limiter.failed(limiterName, address, false);
      throw new GatewayError(401, "bad_credentials", "wrong user name or password", challenge);
    }
  }
}
