package org.pathway.fhiradapter.fhir;

import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The XML half of {@link InputLimits}: no DTD or entity declaration at all (XXE, billion laughs),
 * no encoding but UTF-8 declared, then one StAX pass counting depth, top-level Bundle entries and
 * the length of attribute values and text.
 */
final class XmlScan {

  private static final Pattern DTD =
      Pattern.compile("<!(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']*)[\"']");
  private static final XMLInputFactory FACTORY = factory();

  private final InputLimits limits;

  XmlScan(InputLimits limits) {
    this.limits = limits;
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return f;
  }

  Optional<InputLimits.Refusal> check(String text) {
    // FHIR XML never needs a DTD; refusing any DOCTYPE or ENTITY closes XXE and billion laughs.
    if (DTD.matcher(text).find()) {
      return refuse(
          RequestRejectedException.Reason.MALFORMED,
          IssueType.SECURITY,
          null,
          "XML with a DOCTYPE or ENTITY declaration is not accepted");
    }
    var declared = DECLARED_ENCODING.matcher(text);
    if (declared.find() && !declared.group(1).trim().equalsIgnoreCase("utf-8")) {
      return refuse(
          RequestRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE,
          IssueType.NOTSUPPORTED,
          null,
          "XML declares encoding '" + Issue.echo(declared.group(1)) + "'; FHIR bodies are UTF-8");
    }
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new StringReader(text));
      int depth = 0;
      int entries = 0;
      boolean bundle = false;
      int textLength = 0;
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> {
            return refuse(
                RequestRejectedException.Reason.MALFORMED,
                IssueType.SECURITY,
                null,
                "XML with a DOCTYPE or entity reference is not accepted");
          }
          case XMLStreamConstants.START_ELEMENT -> {
            depth++;
            textLength = 0;
            if (depth > limits.maxDepth()) {
              return refuse(
                  RequestRejectedException.Reason.MALFORMED,
                  IssueType.TOOCOSTLY,
                  null,
                  "XML nested deeper than " + limits.maxDepth() + " levels");
            }
            String name = reader.getLocalName();
            if (depth == 1) {
              bundle = "Bundle".equals(name);
            } else if (depth == 2 && bundle && "entry".equals(name)) {
              entries++;
              if (entries > limits.maxEntries()) {
                return refuse(
                    RequestRejectedException.Reason.TOO_LARGE,
                    IssueType.TOOCOSTLY,
                    "Bundle.entry",
                    "Bundle has more than " + limits.maxEntries() + " entries");
              }
            }
            for (int i = 0; i < reader.getAttributeCount(); i++) {
              if (reader.getAttributeValue(i).length() > limits.maxStringLength()) {
                return tooLong(name);
              }
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            textLength += reader.getTextLength();
            if (textLength > limits.maxStringLength()) {
              return tooLong(null);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            depth--;
            textLength = 0;
          }
          default -> {}
        }
      }
      return Optional.empty();
    } catch (XMLStreamException e) {
      return refuse(
          RequestRejectedException.Reason.MALFORMED,
          IssueType.STRUCTURE,
          null,
          "body is not well-formed XML");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing was held open: the reader reads a String
        }
      }
    }
  }

  private Optional<InputLimits.Refusal> tooLong(String element) {
    return refuse(
        RequestRejectedException.Reason.TOO_LARGE,
        IssueType.TOOLONG,
        null,
        (element == null ? "text" : "a value of <" + Issue.echo(element) + ">")
            + " is longer than "
            + limits.maxStringLength()
            + " characters");
  }

  private static Optional<InputLimits.Refusal> refuse(
      RequestRejectedException.Reason reason, IssueType type, String expression, String message) {
    return Optional.of(new InputLimits.Refusal(reason, new Issue(type, expression, message)));
  }
}
