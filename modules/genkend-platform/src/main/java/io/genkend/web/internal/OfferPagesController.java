package io.genkend.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.genkend.customer.Channel;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.decision.DecisionSettings;
import io.genkend.decision.Offer.MessageTemplate;
import io.genkend.decision.OfferCatalogue;
import io.genkend.decision.OfferInvalidException;
import io.genkend.decision.OfferSpec;
import io.genkend.decision.ResponseLearning;
import io.genkend.outreach.MessagePreview;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The offer catalogue for marketers and tenant admins: the list (with current propensity and the holdout share),
 * an offer's form (fields, its engagement policies: applicability, eligibility and suitability DMN; templates as
 * JSON) for editing and creating, a preview of its message for a chosen customer, rendered by outreach exactly
 * as it would be sent, without sending anything, and deletion after a confirmation page. Everything goes through
 * the decision and outreach modules' public APIs, which validate as the REST API does; another tenant's offer is
 * 404.
 */
@Controller
@PreAuthorize("hasAnyRole('MARKETER','TENANT_ADMIN')")
class OfferPagesController {

    private static final TypeReference<Map<Channel, Map<String, MessageTemplate>>> TEMPLATES = new TypeReference<>() { };

    private final OfferCatalogue catalogue;
    private final DecisionSettings decisionSettings;
    private final ResponseLearning learning;
    private final MessagePreview previews;
    private final ObjectProvider<CustomerProfiles> profiles;
    private final ObjectMapper json;

    OfferPagesController(OfferCatalogue catalogue, DecisionSettings decisionSettings, ResponseLearning learning,
                         MessagePreview previews, ObjectProvider<CustomerProfiles> profiles, ObjectMapper json) {
        this.catalogue = catalogue;
        this.decisionSettings = decisionSettings;
        this.learning = learning;
        this.previews = previews;
        this.profiles = profiles;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @ModelAttribute("channels")
    Channel[] channels() {
        return Channel.values();
    }

    @GetMapping("/offers")
    String list(Model model) {
        List<OfferSpec> offers = catalogue.list();
        model.addAttribute("offers", offers);
        model.addAttribute("propensities", offers.stream().collect(Collectors.toMap(OfferSpec::code,
                learning::propensity, (a, b) -> a, LinkedHashMap::new)));
        if (!model.containsAttribute("holdoutPercent")) {
            model.addAttribute("holdoutPercent", format(decisionSettings.holdoutPercent()));
        }
        return "offers/list";
    }

    @PostMapping("/offers/settings")
    String saveSettings(@RequestParam(defaultValue = "") String holdoutPercent, Model model,
                        RedirectAttributes redirect) {
        Double percent = number(holdoutPercent);
        if (percent == null || percent < 0 || percent > 100) {
            model.addAttribute("holdoutPercent", holdoutPercent);
            model.addAttribute("holdoutError", true);
            return list(model);
        }
        decisionSettings.setHoldoutPercent(percent);
        redirect.addFlashAttribute("settingsSaved", true);
        return "redirect:/offers";
    }

    @GetMapping("/offers/new")
    String create(Model model) {
        OfferForm form = new OfferForm();
        form.setChannels("EMAIL");
        form.setActive(true);
        form.setSkipIfOwned(true);
        form.setValue("1");
        form.setLever("1");
        form.setTemplates("{\n  \"EMAIL\": {\n    \"en\": {\"subject\": \"\", \"text\": \"\"}\n  }\n}");
        model.addAttribute("form", form);
        model.addAttribute("creating", true);
        return "offers/edit";
    }

    @PostMapping("/offers/new")
    String saveNew(@ModelAttribute("form") OfferForm form, BindingResult errors, Model model,
                   RedirectAttributes redirect) {
        form.setCode(form.getCode() == null ? null : form.getCode().trim());
        if (form.getCode() != null && !form.getCode().isEmpty() && catalogue.spec(form.getCode()).isPresent()) {
            errors.rejectValue("code", "offers.invalid.codeTaken");
        }
        return save(form, errors, model, redirect, true);
    }

    @GetMapping("/offers/{code}")
    String edit(@PathVariable String code, Model model) {
        OfferSpec spec = spec(code);
        model.addAttribute("form", form(spec));
        model.addAttribute("offer", spec);
        return "offers/edit";
    }

    @PostMapping("/offers/{code}")
    String saveExisting(@PathVariable String code, @ModelAttribute("form") OfferForm form, BindingResult errors,
                        Model model, RedirectAttributes redirect) {
        model.addAttribute("offer", spec(code));
        form.setCode(code);
        return save(form, errors, model, redirect, false);
    }

    /** The confirmation step of a deletion: says what deleting means and asks to confirm with a POST. */
    @GetMapping("/offers/{code}/delete")
    String confirmDelete(@PathVariable String code, Model model) {
        model.addAttribute("offer", spec(code));
        return "offers/delete";
    }

    /**
     * Deletes the offer (CSRF-protected like every form); the list then says which offer was deleted. Another
     * tenant's offer, or one already deleted, is 404.
     */
    @PostMapping("/offers/{code}/delete")
    String delete(@PathVariable String code, RedirectAttributes redirect) {
        if (!catalogue.delete(code)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("deleted", code);
        return "redirect:/offers";
    }

    /**
     * The preview of an offer's message: an htmx fragment (or the whole page without htmx). Rendered by outreach
     * for the customer found by the tenant's own id (or profile id); nothing is written or sent.
     */
    @GetMapping("/offers/{code}/preview")
    String preview(@PathVariable String code, @RequestParam(defaultValue = "") String customer,
                   @RequestParam(defaultValue = "EMAIL") Channel channel,
                   @RequestParam(defaultValue = "") String language,
                   @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        OfferSpec spec = spec(code);
        model.addAttribute("previewCustomer", customer);
        model.addAttribute("previewChannel", channel);
        model.addAttribute("previewLanguage", language);
        Optional<CustomerProfile> found = customer.isBlank() ? Optional.empty() : find(customer.trim());
        if (found.isEmpty()) {
            model.addAttribute("previewNotFound", true);
        } else {
            model.addAttribute("preview", previews.preview(found.get().id(), code, channel,
                    language.isBlank() ? null : language, Map.of()));
        }
        if (htmx != null) {
            return "offers/edit :: preview";
        }
        model.addAttribute("form", form(spec));
        model.addAttribute("offer", spec);
        return "offers/edit";
    }

    private String save(OfferForm form, BindingResult errors, Model model, RedirectAttributes redirect,
                        boolean creating) {
        model.addAttribute("creating", creating);
        OfferSpec spec = toSpec(form, errors);
        if (!errors.hasErrors()) {
            try {
                catalogue.save(spec);
                redirect.addFlashAttribute("saved", spec.code());
                return "redirect:/offers";
            } catch (OfferInvalidException e) {
                for (Map<String, String> error : e.errors()) {
                    String field = formField(error.get("field"));
                    if (field == null) {
                        errors.reject("offers.invalid", new Object[] {error.get("field") + ": " + error.get("message")},
                                error.get("message"));
                    } else if (!field.equals(error.get("field"))) {
                        // a part inside the field (templates.EMAIL.da.subject): name the part
                        errors.rejectValue(field, "offers.invalid",
                                new Object[] {error.get("field") + ": " + error.get("message")}, error.get("message"));
                    } else {
                        errors.rejectValue(field, "offers.invalid." + field, new Object[] {error.get("message")},
                                error.get("message"));
                    }
                }
            }
        }
        return "offers/edit";
    }

    /** @return the form field that shows a module error's field, or {@code null} for a form-wide error */
    private static String formField(String field) {
        if (field == null) {
            return null;
        }
        if (field.startsWith("contextWeights")) {
            return "contextWeights";
        }
        if (field.startsWith("templates")) {
            return "templates";
        }
        return switch (field) {
            case "code", "name", "category", "value", "lever", "validFrom", "validUntil", "responseWindowHours",
                 "eligibilityDmn", "suitabilityDmn", "channels", "templates" -> field;
            case "prior" -> "priorAlpha";
            case "applicability.recentWindowDays" -> "recentWindowDays";
            default -> null;
        };
    }

    /** Parses the form; what cannot be parsed becomes a field error (and the offer is not saved). */
    private OfferSpec toSpec(OfferForm f, BindingResult errors) {
        BigDecimal value = decimal(f.getValue(), "value", errors);
        BigDecimal lever = decimal(f.getLever(), "lever", errors);
        Double alpha = optionalNumber(f.getPriorAlpha(), "priorAlpha", errors);
        Double beta = optionalNumber(f.getPriorBeta(), "priorAlpha", errors);
        if ((alpha == null) != (beta == null) && !errors.hasFieldErrors("priorAlpha")) {
            errors.rejectValue("priorAlpha", "offers.invalid.priorBoth");
        }
        Integer window = integer(f.getResponseWindowHours(), "responseWindowHours", errors);
        Integer recent = integer(f.getRecentWindowDays(), "recentWindowDays", errors);
        Instant from = instant(f.getValidFrom(), "validFrom", errors);
        Instant until = instant(f.getValidUntil(), "validUntil", errors);
        List<Channel> channels = new ArrayList<>();
        for (String name : list(f.getChannels())) {
            try {
                Channel channel = Channel.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
                if (!channels.contains(channel)) {
                    channels.add(channel);
                }
            } catch (IllegalArgumentException e) {
                errors.rejectValue("channels", "offers.invalid.channels");
                break;
            }
        }
        if (channels.isEmpty() && !errors.hasFieldErrors("channels")) {
            errors.rejectValue("channels", "offers.invalid.channels");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String pair : list(f.getContextWeights())) {
            int eq = pair.lastIndexOf('=');
            Double weight = eq <= 0 ? null : number(pair.substring(eq + 1));
            if (weight == null) {
                errors.rejectValue("contextWeights", "offers.invalid.contextWeights");
                break;
            }
            weights.put(pair.substring(0, eq).trim(), weight);
        }
        Map<Channel, Map<String, MessageTemplate>> templates = Map.of();
        if (f.getTemplates() != null && !f.getTemplates().isBlank()) {
            try {
                templates = json.readValue(f.getTemplates(), TEMPLATES);
            } catch (JsonProcessingException e) {
                errors.rejectValue("templates", "offers.invalid.templates",
                        new Object[] {e.getOriginalMessage()}, e.getOriginalMessage());
            }
        }
        return new OfferSpec(blankToNull(f.getCode()), blankToNull(f.getName()), blankToNull(f.getCategory()), value,
                lever, weights, from, until, channels, templates, text(f.getEligibilityDmn()),
                text(f.getSuitabilityDmn()), new OfferSpec.Applicability(recent,
                list(f.getBlockingCaseCategories()), f.isSkipIfOwned()),
                alpha == null || beta == null ? null : new OfferSpec.Prior(alpha, beta), window, f.isActive());
    }

    /** @return the form showing a stored offer */
    private OfferForm form(OfferSpec spec) {
        OfferForm f = new OfferForm();
        f.setCode(spec.code());
        f.setName(spec.name());
        f.setCategory(spec.category());
        f.setValue(spec.value().stripTrailingZeros().toPlainString());
        f.setLever(spec.lever().stripTrailingZeros().toPlainString());
        f.setChannels(spec.channels().stream().map(Channel::name).collect(Collectors.joining(", ")));
        f.setContextWeights(spec.contextWeights().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(", ")));
        f.setValidFrom(spec.validFrom() == null ? "" : spec.validFrom().toString());
        f.setValidUntil(spec.validUntil() == null ? "" : spec.validUntil().toString());
        f.setActive(spec.active());
        f.setPriorAlpha(spec.prior() == null ? "" : format(spec.prior().alpha()));
        f.setPriorBeta(spec.prior() == null ? "" : format(spec.prior().beta()));
        f.setResponseWindowHours(spec.responseWindowHours() == null ? "" : spec.responseWindowHours().toString());
        f.setRecentWindowDays(spec.applicability().recentWindowDays() == null ? ""
                : spec.applicability().recentWindowDays().toString());
        f.setBlockingCaseCategories(String.join(", ", spec.applicability().blockingCaseCategories()));
        f.setSkipIfOwned(spec.applicability().skipIfOwned());
        f.setEligibilityDmn(spec.eligibilityDmn());
        f.setSuitabilityDmn(spec.suitabilityDmn());
        try {
            f.setTemplates(json.writeValueAsString(spec.templates()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return f;
    }

    private OfferSpec spec(String code) {
        return catalogue.spec(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private Optional<CustomerProfile> find(String ref) {
        CustomerProfiles store = profiles.getIfAvailable();
        if (store == null) {
            return Optional.empty();
        }
        try {
            Optional<CustomerProfile> byId = store.find(UUID.fromString(ref));
            if (byId.isPresent()) {
                return byId;
            }
        } catch (IllegalArgumentException notAProfileId) {
            // the tenant's own id
        }
        return store.findByOwnId(ref);
    }

    private static BigDecimal decimal(String text, String field, BindingResult errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(normalise(text));
        } catch (NumberFormatException e) {
            errors.rejectValue(field, "offers.invalid.number");
            return null;
        }
    }

    private static Double optionalNumber(String text, String field, BindingResult errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Double value = number(text);
        if (value == null && !errors.hasFieldErrors(field)) {
            errors.rejectValue(field, "offers.invalid.number");
        }
        return value;
    }

    private static Integer integer(String text, String field, BindingResult errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            errors.rejectValue(field, "offers.invalid.integer");
            return null;
        }
    }

    private static Instant instant(String text, String field, BindingResult errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.rejectValue(field, "offers.invalid.instant");
            return null;
        }
    }

    /** @return a finite number, accepting a decimal comma ({@code 1,5}); {@code null} when it is none */
    static Double number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(normalise(text));
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String normalise(String number) {
        String trimmed = number.trim();
        return trimmed.indexOf('.') < 0 && trimmed.chars().filter(c -> c == ',').count() == 1
                ? trimmed.replace(',', '.') : trimmed;
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\n]")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** @return a textarea's text as typed, with a browser's CRLF line ends as LF; {@code null} when blank */
    private static String text(String text) {
        return text == null || text.isBlank() ? null : text.replace("\r\n", "\n");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** The offer form: every field as the marketer typed it, so that a refused form shows it again unchanged. */
    public static class OfferForm {
        private String code;
        private String name;
        private String category;
        private String value;
        private String lever;
        private String channels;
        private String contextWeights;
        private String validFrom;
        private String validUntil;
        private boolean active;
        private String priorAlpha;
        private String priorBeta;
        private String responseWindowHours;
        private String recentWindowDays;
        private String blockingCaseCategories;
        private boolean skipIfOwned;
        private String eligibilityDmn;
        private String suitabilityDmn;
        private String templates;

        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getCategory() { return category; }
        public void setCategory(String category) { this.category = category; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
        public String getLever() { return lever; }
        public void setLever(String lever) { this.lever = lever; }
        public String getChannels() { return channels; }
        public void setChannels(String channels) { this.channels = channels; }
        public String getContextWeights() { return contextWeights; }
        public void setContextWeights(String contextWeights) { this.contextWeights = contextWeights; }
        public String getValidFrom() { return validFrom; }
        public void setValidFrom(String validFrom) { this.validFrom = validFrom; }
        public String getValidUntil() { return validUntil; }
        public void setValidUntil(String validUntil) { this.validUntil = validUntil; }
        public boolean isActive() { return active; }
        public void setActive(boolean active) { this.active = active; }
        public String getPriorAlpha() { return priorAlpha; }
        public void setPriorAlpha(String priorAlpha) { this.priorAlpha = priorAlpha; }
        public String getPriorBeta() { return priorBeta; }
        public void setPriorBeta(String priorBeta) { this.priorBeta = priorBeta; }
        public String getResponseWindowHours() { return responseWindowHours; }
        public void setResponseWindowHours(String hours) { this.responseWindowHours = hours; }
        public String getRecentWindowDays() { return recentWindowDays; }
        public void setRecentWindowDays(String days) { this.recentWindowDays = days; }
        public String getBlockingCaseCategories() { return blockingCaseCategories; }
        public void setBlockingCaseCategories(String categories) { this.blockingCaseCategories = categories; }
        public boolean isSkipIfOwned() { return skipIfOwned; }
        public void setSkipIfOwned(boolean skipIfOwned) { this.skipIfOwned = skipIfOwned; }
        public String getEligibilityDmn() { return eligibilityDmn; }
        public void setEligibilityDmn(String xml) { this.eligibilityDmn = xml; }
        public String getSuitabilityDmn() { return suitabilityDmn; }
        public void setSuitabilityDmn(String xml) { this.suitabilityDmn = xml; }
        public String getTemplates() { return templates; }
        public void setTemplates(String templates) { this.templates = templates; }
    }
}
