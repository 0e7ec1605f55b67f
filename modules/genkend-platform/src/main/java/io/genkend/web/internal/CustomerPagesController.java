package io.genkend.web.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.genkend.customer.Channel;
import io.genkend.customer.Consents;
import io.genkend.customer.CustomerErasures;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.customer.CustomerSearch;
import io.genkend.customer.Purpose;
import io.genkend.customer.TimelineEntry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Customer 360: find a customer (by profile id, the tenant's own user id, e-mail, phone or the start of the name;
 * rules in {@link CustomerSearch}; one match opens the customer, more are listed), then the profile with its traits and
 * identities, consent per purpose and channel with the recorded decisions as proof, the timeline (newest first,
 * paged), the outreach with its status, the offer decisions with the reason each dropped candidate was dropped,
 * the GDPR export, and erasure (GDPR Art. 17) for tenant admins only, after typing the customer's id on a
 * confirmation page. Another tenant's customer is 404.
 */
@Controller
@PreAuthorize("hasAnyRole('MARKETER','SERVICE_AGENT','TENANT_ADMIN')")
class CustomerPagesController {

    static final int PAGE = 25;

    private final ObjectProvider<CustomerProfiles> profiles;
    private final ObjectProvider<Consents> consents;
    private final ObjectProvider<CustomerSearch> search;
    private final ObjectProvider<CustomerErasures> erasures;
    private final CustomerContext context;
    private final ObjectMapper mapper;

    CustomerPagesController(ObjectProvider<CustomerProfiles> profiles, ObjectProvider<Consents> consents,
                            ObjectProvider<CustomerSearch> search, ObjectProvider<CustomerErasures> erasures,
                            CustomerContext context, ObjectMapper mapper) {
        this.profiles = profiles;
        this.consents = consents;
        this.search = search;
        this.erasures = erasures;
        this.context = context;
        this.mapper = mapper;
    }

    @GetMapping("/customers")
    String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q);
        if (q != null && !q.isBlank()) {
            CustomerSearch lookup = search.getIfAvailable();
            List<CustomerProfile> found = lookup == null ? find(q.trim()).stream().toList() : lookup.search(q);
            if (found.size() == 1) {
                return "redirect:/customers/" + found.get(0).id();
            }
            model.addAttribute("results", found);
            model.addAttribute("notFound", found.isEmpty());
            model.addAttribute("limited", found.size() >= CustomerSearch.LIMIT);
        }
        return "customers/search";
    }

    /** The confirmation step of an erasure: says what goes and asks for the customer's id to be typed. */
    @GetMapping("/customers/{id}/erase")
    @PreAuthorize("hasRole('TENANT_ADMIN')")
    String confirmErase(@PathVariable UUID id, Model model) {
        CustomerProfile customer = profile(id);
        model.addAttribute("customer", customer);
        model.addAttribute("expected", confirmationText(customer));
        return "customers/erase";
    }

    /**
     * Erases the customer when {@code confirm} is the customer's own id (userId) or profile id, as shown on the
     * confirmation page; otherwise 400 with the page again and the error on the field. After the erasure, the
     * search page says who was erased.
     */
    @PostMapping("/customers/{id}/erase")
    @PreAuthorize("hasRole('TENANT_ADMIN')")
    String erase(@PathVariable UUID id, @RequestParam(defaultValue = "") String confirm, Model model,
                 RedirectAttributes redirect, jakarta.servlet.http.HttpServletResponse response) {
        CustomerProfile customer = profile(id);
        String typed = confirm.trim();
        if (!typed.equals(id.toString()) && !typed.equals(customer.userId())) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("customer", customer);
            model.addAttribute("expected", confirmationText(customer));
            model.addAttribute("confirmError", true);
            return "customers/erase";
        }
        CustomerErasures erasure = erasures.getIfAvailable();
        if (erasure == null || !erasure.erase(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("erased", confirmationText(customer));
        return "redirect:/customers";
    }

    /** @return what the confirmation page asks to type: the tenant's own id, else the profile id */
    private static String confirmationText(CustomerProfile customer) {
        return customer.userId() != null ? customer.userId() : customer.id().toString();
    }

    /** A customer's page by profile id; the tenant's own id (userId) redirects to it, as the search does. */
    @GetMapping("/customers/{ref}")
    String customer(@PathVariable String ref, @RequestParam(required = false) Instant before,
                    @RequestParam(required = false) String key, Model model) {
        if (before != null && !io.genkend.api.Timestamps.storable(before)) {
            throw io.genkend.api.ProblemTypes.validation("before is out of range: years 0001 to 9999 (UTC).",
                    List.of(Map.of("field", "before", "message", "out of range: years 0001 to 9999 (UTC)")));
        }
        UUID id;
        try {
            id = UUID.fromString(ref);
        } catch (IllegalArgumentException notAProfileId) {
            return "redirect:/customers/" + profileOf(ref);
        }
        CustomerProfile customer = profile(id);
        model.addAttribute("customer", customer);
        List<TimelineEntry> page = context.timeline(id, before, key, PAGE + 1);
        boolean more = page.size() > PAGE;
        List<TimelineEntry> shown = more ? page.subList(0, PAGE) : page;
        model.addAttribute("timeline", shown);
        if (more) {
            TimelineEntry last = shown.get(shown.size() - 1);
            model.addAttribute("nextAt", last.at());
            model.addAttribute("nextKey", last.sortKey());
        }
        model.addAttribute("consentGrid", consentGrid(id));
        model.addAttribute("channels", Channel.values());
        model.addAttribute("outreach", context.outreach(id, 20));
        model.addAttribute("decisions", context.decisions(id, 10));
        model.addAttribute("consentProof", shown.stream().filter(e -> "consent".equals(e.kind())).toList());
        return "customers/customer";
    }

    @GetMapping(path = "/customers/{id}/export")
    ResponseEntity<byte[]> export(@PathVariable UUID id) throws IOException {
        CustomerProfile customer = profile(id);
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("profile", customer);
        export.putAll(context.export(id));
        byte[] body = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(export);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("customer-" + id + ".json").build().toString())
                .body(body);
    }

    private CustomerProfile profile(UUID id) {
        CustomerProfiles store = profiles.getIfAvailable();
        return Optional.ofNullable(store).flatMap(s -> s.find(id))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private Optional<CustomerProfile> find(String q) {
        CustomerProfiles store = profiles.getIfAvailable();
        if (store == null) {
            return Optional.empty();
        }
        try {
            Optional<CustomerProfile> byId = store.find(UUID.fromString(q));
            if (byId.isPresent()) {
                return byId;
            }
        } catch (IllegalArgumentException e) {
            // not a profile id: try the tenant's own id
        }
        return store.findByOwnId(q);
    }

    private UUID profileOf(String userId) {
        return find(userId).map(CustomerProfile::id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** @return for each purpose, the channels on which it is granted now */
    private Map<Purpose, Map<Channel, Boolean>> consentGrid(UUID id) {
        Consents ledger = consents.getIfAvailable();
        Map<Purpose, Map<Channel, Boolean>> grid = new LinkedHashMap<>();
        for (Purpose purpose : Purpose.values()) {
            Map<Channel, Boolean> row = new LinkedHashMap<>();
            for (Channel channel : Channel.values()) {
                row.put(channel, ledger != null && ledger.isGranted(id, purpose, channel));
            }
            grid.put(purpose, row);
        }
        return grid;
    }
}
