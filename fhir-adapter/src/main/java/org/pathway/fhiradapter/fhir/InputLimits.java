package org.pathway.fhiradapter.fhir;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Checks a request body before any full parse: size (after any {@code Content-Encoding} is undone),
 * UTF-8 and nothing else, then nesting depth, Bundle entry count and string length on the decoded
 * text, and no DTD in XML. A streaming scan costs a fraction of a HAPI parse and cannot overflow
 * the stack or build a large object tree, so hostile bodies are refused cheaply (S4, S5).
 *
 * <p>Thread-safe: one instance serves every request.
 */
public final class InputLimits {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final int maxBytes;
  private final int maxDepth;
  private final int maxEntries;
  private final int maxStringLength;
  private final JsonScan json;
  private final XmlScan xml;

  /**
   * @param maxBytes largest body accepted, decoded
   * @param maxDepth deepest JSON or XML nesting accepted
   * @param maxEntries most entries in a Bundle
   * @param maxStringLength longest string value (JSON string, XML attribute or text) in characters
   */
  public InputLimits(int maxBytes, int maxDepth, int maxEntries, int maxStringLength) {
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
    this.maxEntries = maxEntries;
    this.maxStringLength = maxStringLength;
    this.json = new JsonScan(this);
    this.xml = new XmlScan(this);
  }

  public int maxBytes() {
    return maxBytes;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public int maxStringLength() {
    return maxStringLength;
  }

  /** The defaults: 1 MiB, depth 64, 500 Bundle entries, strings of 64 Ki characters. */
  public static InputLimits defaults() {
    return new InputLimits(1 << 20, 64, 500, 1 << 16);
  }

  /** A refusal: why, and the issue to report. */
  public record Refusal(RequestRejectedException.Reason reason, Issue issue) {

    RequestRejectedException toException() {
      return new RequestRejectedException(reason, issue);
    }
  }

  /**
   * The body as it will be parsed: {@code raw} with its content coding undone and a UTF-8 byte
   * order mark dropped, after every check passed.
   *
   * @throws RequestRejectedException naming the first limit the body breaks
   */
  public byte[] admit(byte[] raw, BodyFormat format, String contentEncoding) {
    if (raw.length > maxBytes) {
      throw tooLarge(raw.length).toException();
    }
    byte[] body = ContentDecoding.decode(raw, contentEncoding, maxBytes);
    if (startsWith(body, UTF8_BOM)) {
      body = Arrays.copyOfRange(body, UTF8_BOM.length, body.length);
    }
    check(body, format)
        .ifPresent(
            r -> {
              throw r.toException();
            });
    return body;
  }

  /** Checks a decoded {@code body} declared as {@code format}; empty when acceptable. */
  public Optional<Refusal> check(byte[] body, BodyFormat format) {
    if (body.length > maxBytes) {
      return Optional.of(tooLarge(body.length));
    }
    Optional<Refusal> encoding = checkUtf8(body);
    if (encoding.isPresent()) {
      return encoding;
    }
    return switch (format) {
      case XML -> xml.check(new String(body, StandardCharsets.UTF_8));
      case JSON -> json.check(body);
      case FORM -> Optional.empty();
    };
  }

  /**
   * Checks {@code body} whose media type is {@code contentType} (sniffed from the first character
   * when null); empty when acceptable.
   */
  public Optional<Refusal> check(byte[] body, String contentType) {
    BodyFormat format;
    if (contentType == null) {
      format = firstNonBlank(body) == '<' ? BodyFormat.XML : BodyFormat.JSON;
    } else {
      try {
        format = BodyFormat.of(contentType);
      } catch (RequestRejectedException e) {
        return Optional.of(new Refusal(e.reason(), e.issues().get(0)));
      }
    }
    return check(body, format);
  }

  /** The refusal for a body of {@code length} bytes, or for one whose declared length is larger. */
  public Refusal tooLarge(long length) {
    return new Refusal(
        RequestRejectedException.Reason.TOO_LARGE,
        new Issue(
            IssueType.TOOLONG,
            null,
            "request body of " + length + " bytes exceeds the limit of " + maxBytes));
  }

  /**
   * FHIR R4 bodies are UTF-8. A UTF-16 or UTF-32 body (with or without a byte order mark) has NUL
   * bytes, which valid JSON or XML in UTF-8 never has; anything else must decode strictly.
   */
  private static Optional<Refusal> checkUtf8(byte[] body) {
    boolean ascii = true;
    for (byte b : body) {
      if (b == 0) {
        return notUtf8("body looks like UTF-16 or UTF-32 (NUL bytes); FHIR bodies are UTF-8");
      }
      if (b < 0) {
        ascii = false;
      }
    }
    if (ascii) {
      return Optional.empty();
    }
    if (startsWith(body, new byte[] {(byte) 0xFE, (byte) 0xFF})
        || startsWith(body, new byte[] {(byte) 0xFF, (byte) 0xFE})) {
      return notUtf8("body starts with a UTF-16 byte order mark; FHIR bodies are UTF-8");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return notUtf8("body is not valid UTF-8; FHIR bodies are UTF-8");
    }
  }

  private static Optional<Refusal> notUtf8(String message) {
    return Optional.of(
        new Refusal(
            RequestRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE,
            new Issue(IssueType.NOTSUPPORTED, null, message)));
  }

  private static boolean startsWith(byte[] body, byte[] prefix) {
    return body.length >= prefix.length
        && Arrays.equals(body, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int firstNonBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return b;
      }
    }
    return -1;
  }
}
