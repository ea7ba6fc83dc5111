package org.pathway.fhiradapter.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Active content in free text: every string a submitted resource carries (notes, reason text,
 * names, descriptions, display strings, references, contained and Bundle-entry resources alike) is
 * searched for a script element, a {@code javascript:} link or an event-handler attribute, and a
 * resource holding one is refused naming each element (S6). Whatever later renders the text (an
 * email, a portal page, a GP system) then never receives markup that runs. Control characters,
 * which FHIR strings may not hold, are refused on the same walk. The narrative is left to {@link
 * Narrative}, which strips it.
 */
public final class FreeText {

  /**
   * Markup that runs: script-bearing elements, script URLs, and DOM event-handler attributes. The
   * handlers are named (not any {@code on...=}) so that ordinary notes such as {@code onset=2019}
   * pass. Three patterns, each tried only on strings holding the character it needs, keep the
   * common case (codes, ids, URLs) to one pass over the characters.
   */
  private static final Pattern TAG =
      Pattern.compile(
          "<\\s*/?\\s*(script|iframe|frame|object|embed|applet|svg|math|style|link|meta|base)\\b",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SCRIPT_URL =
      Pattern.compile(
          "(java|vb|live)\\s*script\\s*:|data\\s*:\\s*text/html", Pattern.CASE_INSENSITIVE);

  private static final Pattern HANDLER =
      Pattern.compile(
          "\\bon(abort|activate|after|animation|auxclick|before|begin|blur|cancel|canplay"
              + "|change|click|close|contextmenu|copy|cuechange|cut|dblclick|drag|drop"
              + "|durationchange|emptied|end|error|focus|formdata|fullscreen|hashchange|input"
              + "|invalid|key|load|message|mouse|offline|online|page|paste|pause|play|pointer"
              + "|popstate|progress|ratechange|readystatechange|repeat|reset|resize|scroll"
              + "|search|seek|select|show|stalled|start|storage|submit|suspend|timeupdate"
              + "|toggle|touch|transition|unload|volumechange|waiting|wheel)\\w*\\s*=",
          Pattern.CASE_INSENSITIVE);

  private static final JsonFactory JSON = new JsonFactory();

  private final FhirContext fhir;

  public FreeText(FhirContext fhir) {
    this.fhir = fhir;
  }

  /**
   * Refuses {@code resource} (invalid, 422) when any of its strings holds active content.
   *
   * @throws RequestRejectedException naming every element at fault
   */
  public void refuseActiveContent(IBaseResource resource) {
    List<Issue> issues = find(resource);
    if (!issues.isEmpty()) {
      throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
    }
  }

  /** One issue per string element of {@code resource} that holds active content. */
  public List<Issue> find(IBaseResource resource) {
    List<Issue> found = new ArrayList<>();
    var definition = fhir.getResourceDefinition(resource);
    walk(resource, definition, definition.getName(), found);
    return found;
  }

  /**
   * True when no string of the JSON body {@code json} could be refused: none holds a control
   * character other than tab, CR and LF, a {@code <}, an {@code =}, or a {@code :} beside "script"
   * or "text/html", which every refusal needs. Every string of a resource parsed from that body is
   * one of these strings (or a narrative {@code div}, which the walk leaves to {@link Narrative}),
   * so the walk over the parsed resource would find nothing: one pass over the text instead of a
   * walk over every element of the model. False for a body that is not well-formed JSON.
   */
  public static boolean onlyPlainStrings(byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_STRING
            && !"div".equals(parser.currentName())
            && !plain(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength())) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean plain(char[] text, int offset, int length) {
    boolean colon = false;
    for (int i = offset; i < offset + length; i++) {
      char c = text[i];
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == '<' || c == '=') {
        return false;
      }
      colon |= c == ':';
    }
    if (!colon) {
      return true;
    }
    String s = new String(text, offset, length);
    return !containsIgnoreCase(s, "script") && !containsIgnoreCase(s, "text/html");
  }

  /** True when {@code text} holds markup that would run if rendered as HTML. */
  public static boolean isActive(String text) {
    boolean lt = false;
    boolean colon = false;
    boolean eq = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      lt |= c == '<';
      colon |= c == ':';
      eq |= c == '=';
    }
    return (lt && TAG.matcher(text).find())
        || (colon
            && (containsIgnoreCase(text, "script") || containsIgnoreCase(text, "text/html"))
            && SCRIPT_URL.matcher(text).find())
        || (eq && HANDLER.matcher(text).find());
  }

  private static boolean containsIgnoreCase(String text, String word) {
    for (int i = 0; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * FHIR strings hold no character below U+0020 but tab, CR and LF; a NUL in particular cannot be
   * stored as text at all, so it is refused here rather than failing in the database.
   */
  public static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
        return true;
      }
    }
    return false;
  }

  private void walk(
      IBase element, BaseRuntimeElementDefinition<?> definition, String path, List<Issue> found) {
    if (element instanceof IBaseXhtml) {
      return;
    }
    if (element instanceof IPrimitiveType<?> primitive) {
      if (primitive.getValue() instanceof String text) {
        if (hasControlCharacter(text)) {
          found.add(
              new Issue(
                  IssueType.VALUE,
                  path,
                  "strings may not contain control characters other than tab, CR and LF"));
        } else if (isActive(text)) {
          found.add(
              new Issue(
                  IssueType.SECURITY,
                  path,
                  "free text may not carry a script, a javascript: link or an event-handler"
                      + " attribute"));
        }
      }
      return;
    }
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      return;
    }
    for (BaseRuntimeChildDefinition child : composite.getChildren()) {
      List<IBase> values = child.getAccessor().getValues(element);
      boolean repeats = child.getMax() != 1;
      for (int i = 0; i < values.size(); i++) {
        IBase value = values.get(i);
        if (value == null) {
          continue;
        }
        String name =
            child instanceof RuntimeChildChoiceDefinition
                ? child.getChildNameByDatatype(value.getClass())
                : child.getElementName();
        String at = path + "." + name + (repeats ? "[" + i + "]" : "");
        walk(value, definitionOf(child, value), at, found);
      }
    }
  }

  private BaseRuntimeElementDefinition<?> definitionOf(BaseRuntimeChildDefinition child, IBase v) {
    if (v instanceof IBaseResource resource) {
      return fhir.getResourceDefinition(resource);
    }
    BaseRuntimeElementDefinition<?> d = child.getChildElementDefinitionByDatatype(v.getClass());
    return d != null ? d : fhir.getElementDefinition(v.getClass());
  }
}
