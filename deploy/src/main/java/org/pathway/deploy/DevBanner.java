package org.pathway.deploy;

import java.io.PrintStream;
import org.pathway.deploy.access.DemoClients;
import org.pathway.deploy.access.DevAccess;
import org.pathway.deploy.access.TokenCommand;

/** What dev mode prints once it is up: where everything is, and how to make a first call. */
final class DevBanner {

  private DevBanner() {}

  static void print(PathwayDev dev, DevSettings settings, PrintStream out) {
    PathwayDev.Endpoints e = dev.endpoints();
    DevAccess access = e.access();
    out.println();
    out.println("Pathway dev mode is up (every port on 127.0.0.1 only).");
    out.println(
        "  FHIR base:   "
            + e.fhirBase()
            + "   (CapabilityStatement: /metadata; port from PATHWAY_FHIR_PORT)");
    out.println("  SMART:       " + access.discoveryUrl());
    out.println("  Tokens:      " + access.tokenUrl() + "   (keys: " + access.jwksUrl() + ")");
    out.println(
        "  Clients:     "
            + String.join(", ", access.clientFiles().stream().map(p -> p.toString()).toList()));
    out.println("  Kafka:       " + dev.kafka().description());
    out.println("  PostgreSQL:  " + dev.databases().description());
    out.println("  Demo GP:     " + e.gpBase() + "   (receives the back-channel)");
    out.println(
        "  Portal:      "
            + access.portalUrl()
            + "   (the pages signed links open; port from PATHWAY_PORTAL_PORT)");
    out.println(
        "  Reporting:   "
            + e.reportingUrl()
            + "/api/figures   (and /fhir/MeasureReport; a commissioner's or evaluator's token;"
            + " port from PATHWAY_REPORTING_PORT)");
    out.println(
        "  Mailbox:     "
            + e.mailboxUrl()
            + "   (every mail sent, newest first: open a link worker's or facilitator's link)");
    out.printf(
        "  Mail:        SMTP 127.0.0.1:%d, IMAP 127.0.0.1:%d, copies in %s%n",
        e.smtpPort(), e.imapPort(), settings.dataDir().resolve("mail"));
    out.println(
        "  Services (management port: /health; details and /prometheus need an operator token):");
    e.readiness()
        .forEach(
            (name, url) ->
                out.printf("    %-13s port %-6d %s%n", name, e.managementPorts().get(name), url));
    out.println("  Logs:        " + settings.dataDir().resolve("logs"));
    out.println();
    out.println(
        "Every FHIR call needs a bearer token. Get one (valid 5 minutes) as the demo practice"
            + " (dev-only keys; other demo clients in deploy/demo/clients.yaml):");
    out.println("  TOKEN=$(" + TokenCommand.line(access.publicUrl(), DemoClients.PRACTICE) + ")");
    out.println("Send a sample referral:");
    out.println(
        "  curl -i -X POST "
            + e.fhirBase()
            + " -H \"Authorization: Bearer $TOKEN\""
            + " -H 'Content-Type: application/fhir+json' --data @deploy/demo/referral.json");
    out.println("Then find its Task:");
    out.println(
        "  curl -s -H \"Authorization: Bearer $TOKEN\" '"
            + e.fhirBase()
            + "/Task?status=requested'");
    out.println(
        "The link worker's email carries a signed link to the portal: open it from the mailbox"
            + " page to accept, decline or refer on, as the link worker would on a phone.");
    out.println("Stop with Ctrl-C.");
  }
}
