package ch.uncloud.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.SSLSocketVerifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * Checks, after the TLS handshake of an LDAPS or StartTLS connection, that the server's certificate
 * names the host that was dialled (RFC 6125): an IP address must be among the certificate's IP
 * address subject alternative names; a host name must match a DNS subject alternative name (a
 * wildcard only as the whole left-most label), or the subject CN when the certificate has no DNS names.
 */
final class CertificateHostVerifier extends SSLSocketVerifier {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  @Override
  public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
    try {
      Certificate[] chain = socket.getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
        throw new SSLPeerUnverifiedException("the server sent no X.509 certificate");
      }
      if (!names(host, certificate)) {
        throw new CertificateException("the certificate of " + host + ":" + port + " does not name " + host
            + " (it names " + describe(certificate) + ")");
      }
    } catch (SSLPeerUnverifiedException | CertificateException e) {
      throw new LDAPException(ResultCode.CONNECT_ERROR, "TLS host name check failed: " + e.getMessage(), e);
    }
  }

  static boolean names(String host, X509Certificate certificate) throws CertificateParsingException {
    String target = host.toLowerCase(Locale.ROOT);
    boolean ip = isIpLiteral(target);
    List<String> dnsNames = new ArrayList<>();
    Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
    if (alternatives != null) {
      for (List<?> name : alternatives) {
        int type = (Integer) name.get(0);
        String value = String.valueOf(name.get(1)).toLowerCase(Locale.ROOT);
        if (type == IP_ADDRESS && ip && sameAddress(target, value)) {
          return true;
        }
        if (type == DNS_NAME) {
          dnsNames.add(value);
        }
      }
    }
    if (ip) {
      return false;
    }
    if (dnsNames.isEmpty()) {
      String cn = commonName(certificate);
      return cn != null && matchesDns(target, cn.toLowerCase(Locale.ROOT));
    }
    return dnsNames.stream().anyMatch(pattern -> matchesDns(target, pattern));
  }

  private static boolean matchesDns(String host, String pattern) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2)) && pattern.indexOf('.', 2) > 0;
    }
    return host.equals(pattern);
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // both are literals, so no lookup happens
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }

  private static String describe(X509Certificate certificate) {
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      List<String> names = new ArrayList<>();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          names.add(String.valueOf(name.get(1)));
        }
      }
      return names.isEmpty() ? certificate.getSubjectX500Principal().getName() : String.join(", ", names);
    } catch (CertificateParsingException e) {
      return certificate.getSubjectX500Principal().getName();
    }
  }
}
