package org.pathway.fhiradapter.fhir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Undoes a request's {@code Content-Encoding} (gzip or deflate) with a hard cap on the decoded
 * size, so the limits judge what will be parsed rather than what was sent: a small gzip bomb stops
 * after one byte more than the limit, whatever it would have grown to.
 */
public final class ContentDecoding {

  private ContentDecoding() {}

  /**
   * The body {@code raw} decoded as {@code contentEncoding} says, at most {@code maxBytes} long.
   *
   * @throws RequestRejectedException unsupported media type for an unknown or stacked coding, too
   *     large when the decoded body exceeds {@code maxBytes}, malformed when it does not decode
   */
  public static byte[] decode(byte[] raw, String contentEncoding, int maxBytes) {
    String coding =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    switch (coding) {
      case "", "identity" -> {
        return raw;
      }
      case "gzip", "x-gzip" -> {
        return inflate(raw, maxBytes, true);
      }
      case "deflate" -> {
        return inflate(raw, maxBytes, false);
      }
      default -> throw unsupported(coding);
    }
  }

  /** True when {@code contentEncoding} leaves the body as it is (absent or identity). */
  public static boolean isIdentity(String contentEncoding) {
    return contentEncoding == null
        || contentEncoding.isBlank()
        || contentEncoding.trim().equalsIgnoreCase("identity");
  }

  /** The refusal of a content coding Pathway does not undo (here). */
  public static RequestRejectedException unsupported(String contentEncoding) {
    return new RequestRejectedException(
        RequestRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE,
        new Issue(
            IssueType.NOTSUPPORTED,
            null,
            "Content-Encoding '"
                + Issue.echo(contentEncoding)
                + "' is not accepted: send identity, gzip or deflate (one coding)"));
  }

  private static byte[] inflate(byte[] raw, int maxBytes, boolean gzip) {
    if (raw.length == 0) {
      return raw;
    }
    try (InputStream in = decoder(raw, gzip)) {
      byte[] decoded = in.readNBytes(maxBytes + 1);
      if (decoded.length > maxBytes) {
        throw new RequestRejectedException(
            RequestRejectedException.Reason.TOO_LARGE,
            new Issue(
                IssueType.TOOLONG,
                null,
                "request body decompresses to more than the limit of " + maxBytes + " bytes"));
      }
      return decoded;
    } catch (IOException e) {
      throw new RequestRejectedException(
          RequestRejectedException.Reason.MALFORMED,
          new Issue(
              IssueType.STRUCTURE,
              null,
              "request body is not valid " + (gzip ? "gzip" : "deflate") + " data"));
    }
  }

  private static InputStream decoder(byte[] raw, boolean gzip) throws IOException {
    var in = new ByteArrayInputStream(raw);
    if (gzip) {
      return new GZIPInputStream(in);
    }
    // HTTP's "deflate" is zlib-wrapped (RFC 9110), but some clients send raw deflate: the zlib
    // header (CM 8, header checksum a multiple of 31) tells the two apart.
    boolean zlib =
        raw.length >= 2
            && (raw[0] & 0x0f) == 8
            && (((raw[0] & 0xff) << 8) | (raw[1] & 0xff)) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    return new InflaterInputStream(in, inflater) {
      @Override
      public void close() throws IOException {
        // An Inflater handed in is not ended by the stream; its native memory is freed here.
        super.close();
        inflater.end();
      }
    };
  }
}
