package ch.uncloud.ovh;

import ch.uncloud.api.ConfigurationException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The base URL of an OVH API: one of the seven named endpoints or any custom base URL (tests).
 * Immutable.
 */
public final class OvhEndpoint {
  private static final Map<String, String> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put("ovh-eu", "https://eu.api.ovh.com/1.0");
    NAMED.put("ovh-ca", "https://ca.api.ovh.com/1.0");
    NAMED.put("ovh-us", "https://api.us.ovhcloud.com/1.0");
    NAMED.put("kimsufi-eu", "https://eu.api.kimsufi.com/1.0");
    NAMED.put("kimsufi-ca", "https://ca.api.kimsufi.com/1.0");
    NAMED.put("soyoustart-eu", "https://eu.api.soyoustart.com/1.0");
    NAMED.put("soyoustart-ca", "https://ca.api.soyoustart.com/1.0");
  }

  private final String baseUrl;

  private OvhEndpoint(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * @param nameOrUrl a named endpoint ({@code ovh-eu}, {@code ovh-ca}, {@code ovh-us},
   *     {@code kimsufi-eu}, {@code kimsufi-ca}, {@code soyoustart-eu}, {@code soyoustart-ca}) or an
   *     {@code http(s)://} base URL such as {@code http://127.0.0.1:8080/1.0}
   * @return the endpoint
   * @throws ConfigurationException if it is neither
   */
  public static OvhEndpoint of(String nameOrUrl) {
    Objects.requireNonNull(nameOrUrl, "endpoint");
    String named = NAMED.get(nameOrUrl.trim().toLowerCase(Locale.ROOT));
    if (named != null) {
      return new OvhEndpoint(named);
    }
    String url = nameOrUrl.trim();
    if (url.startsWith("https://") || url.startsWith("http://")) {
      try {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
          throw new IllegalArgumentException("no host, or a query or fragment");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("OVH endpoint " + url + " is not a valid base URL; give one of "
            + NAMED.keySet() + " or a URL like https://eu.api.ovh.com/1.0", e);
      }
      return new OvhEndpoint(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
    throw new ConfigurationException("unknown OVH endpoint '" + nameOrUrl + "'; give one of " + NAMED.keySet()
        + " or a base URL like https://eu.api.ovh.com/1.0");
  }

  /**
   * @return the names of the built-in endpoints
   */
  public static java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(NAMED.keySet());
  }

  /**
   * @return the base URL, e.g. {@code https://eu.api.ovh.com/1.0}, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The full URL OVH signs and receives for a path. A path starting {@code /v1/} or {@code /v2/}
   * replaces the {@code /1.0} suffix of the base URL, as OVH's own clients do.
   *
   * @param pathAndQuery e.g. {@code /order/cart?description=x}
   * @return the full URL
   */
  public String url(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + pathAndQuery);
    }
    if ((pathAndQuery.startsWith("/v1/") || pathAndQuery.startsWith("/v2/")) && baseUrl.endsWith("/1.0")) {
      return baseUrl.substring(0, baseUrl.length() - "/1.0".length()) + pathAndQuery;
    }
    return baseUrl + pathAndQuery;
  }

  /**
   * The URL a request's signature covers: {@link #url} without an explicit port. OVH's endpoints
   * have none, so this is the URL the Go and Python clients sign; for a test server on a port it is
   * the URL OVH's Node client (node-ovh 3.0.0, {@code 'https://' + host + path}) signs, and the one
   * uncloud's OVH test server verifies.
   *
   * @param pathAndQuery e.g. {@code /order/cart?description=x}
   * @return the URL to sign
   */
  public String signedUrl(String pathAndQuery) {
    URI uri = URI.create(url(pathAndQuery));
    if (uri.getPort() < 0) {
      return uri.toString();
    }
    String authority = uri.getScheme() + "://" + uri.getRawAuthority();
    return uri.getScheme() + "://" + uri.getHost() + uri.toString().substring(authority.length());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OvhEndpoint e && e.baseUrl.equals(baseUrl);
  }

  @Override
  public int hashCode() {
    return baseUrl.hashCode();
  }

  @Override
  public String toString() {
    return baseUrl;
  }
}
