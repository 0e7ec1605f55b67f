package io.genkend.outreach.internal;

import io.genkend.schema.tables.records.OutreachRecord;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import java.util.Optional;

/**
 * The signed response links of messages, {@code /r/{token}} (open without login). Opening a link shows what it
 * will do, in the message's language, and records a click on an offer; the button on the page (a POST with the
 * page's CSRF token) records the answer: accept, decline, unsubscribe from the channel, or object to all direct
 * marketing. So a mail scanner that opens every link accepts nothing. Invalid links answer 404, expired ones 410.
 */
@Controller
class ResponseLinkController {

    private final ResponseLinks links;
    private final OutreachResponses responses;
    private final TenantDirectory tenants;

    ResponseLinkController(ResponseLinks links, OutreachResponses responses, TenantDirectory tenants) {
        this.links = links;
        this.responses = responses;
        this.tenants = tenants;
    }

    @GetMapping("/r/{token}")
    String open(@PathVariable String token, Model model, HttpServletResponse response) {
        return handle(token, model, response, false);
    }

    @PostMapping("/r/{token}")
    String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
        return handle(token, model, response, true);
    }

    private String handle(String token, Model model, HttpServletResponse response, boolean confirmed) {
        Optional<ResponseLinks.Link> verified = links.verify(token);
        Optional<Tenant> tenant = verified.flatMap(l -> tenants.findById(l.tenantId()));
        if (verified.isEmpty() || tenant.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("state", "invalid");
            model.addAttribute("da", true);
            return "outreach/response";
        }
        ResponseLinks.Link link = verified.get();
        return TenantContext.callAs(tenant.get(), () -> {
            Optional<OutreachRecord> outreach = responses.find(link.outreachId());
            if (outreach.isEmpty()) {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                model.addAttribute("state", "invalid");
                model.addAttribute("da", true);
                return "outreach/response";
            }
            model.addAttribute("da", !"en".equals(outreach.get().getLanguage()));
            model.addAttribute("action", link.action().name());
            model.addAttribute("subject", outreach.get().getSubject());
            model.addAttribute("token", token);
            if (link.expired()) {
                response.setStatus(HttpServletResponse.SC_GONE);
                model.addAttribute("state", "expired");
                return "outreach/response";
            }
            boolean answer = link.action() == ResponseLinks.Action.ACCEPT
                    || link.action() == ResponseLinks.Action.DECLINE;
            if (!confirmed) {
                if (answer) {
                    responses.respond(link.outreachId(), OutreachStatus.CLICKED);
                }
                model.addAttribute("state", "confirm");
                return "outreach/response";
            }
            if (answer) {
                OutreachResponses.Result result = responses.respond(link.outreachId(),
                        link.action() == ResponseLinks.Action.ACCEPT ? OutreachStatus.ACCEPTED
                                : OutreachStatus.DECLINED);
                if (result == OutreachResponses.Result.REFUSED) {
                    response.setStatus(HttpServletResponse.SC_CONFLICT);
                    model.addAttribute("state", "closed");
                    return "outreach/response";
                }
            } else {
                responses.object(link.outreachId(), link.action() == ResponseLinks.Action.OBJECT);
            }
            model.addAttribute("state", "done");
            return "outreach/response";
        });
    }
}
