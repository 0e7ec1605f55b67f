package io.genkend.web.internal;

import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.security.CurrentPrincipal;
import io.genkend.security.GenkendPrincipal;
import io.genkend.task.TaskConflictException;
import io.genkend.task.TaskFormInvalidException;
import io.genkend.task.TaskNotFoundException;
import io.genkend.task.Tasks;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The task inbox of service and sales staff: the open tasks assigned to me and the unassigned tasks of my groups
 * (by due date, overdue marked), claim and unclaim, and a task page with its form and the customer's context
 * beside it. Another tenant's task is 404.
 */
@Controller
@PreAuthorize("hasRole('SERVICE_AGENT')")
class TaskPagesController {

    private final Tasks tasks;
    private final ObjectProvider<CustomerProfiles> profiles;
    private final CustomerContext customers;

    TaskPagesController(Tasks tasks, ObjectProvider<CustomerProfiles> profiles, CustomerContext customers) {
        this.tasks = tasks;
        this.profiles = profiles;
        this.customers = customers;
    }

    @GetMapping("/tasks")
    String inbox(Model model) {
        GenkendPrincipal me = CurrentPrincipal.get().orElseThrow();
        Set<String> groups = tasks.groupsOf(me.roles().stream().map(Enum::name).collect(Collectors.toSet()));
        model.addAttribute("tasks", tasks.inbox(me.name(), groups));
        model.addAttribute("me", me.name());
        model.addAttribute("groups", groups);
        return "tasks/inbox";
    }

    @GetMapping("/tasks/{id}")
    String task(@PathVariable String id, Model model) {
        Tasks.TaskView task = tasks.find(id).orElseThrow(() -> new TaskNotFoundException(id));
        model.addAttribute("task", task);
        model.addAttribute("me", CurrentPrincipal.get().orElseThrow().name());
        Optional<UUID> customerId = parse(task.customerId());
        CustomerProfiles customerProfiles = profiles.getIfAvailable();
        if (customerId.isPresent() && customerProfiles != null) {
            Optional<CustomerProfile> profile = customerProfiles.find(customerId.get());
            profile.ifPresent(p -> model.addAttribute("customer", p));
            model.addAttribute("recent", customers.timeline(customerId.get(), 8));
            model.addAttribute("outreach", customers.outreach(customerId.get(), 5));
        }
        return "tasks/task";
    }

    @PostMapping("/tasks/{id}/claim")
    String claim(@PathVariable String id, @RequestParam(defaultValue = "/tasks") String back) {
        tasks.claim(id, CurrentPrincipal.get().orElseThrow().name());
        return "redirect:" + safe(back);
    }

    @PostMapping("/tasks/{id}/unclaim")
    String unclaim(@PathVariable String id, @RequestParam(defaultValue = "/tasks") String back) {
        tasks.unclaim(id);
        return "redirect:" + safe(back);
    }

    @PostMapping("/tasks/{id}/complete")
    String complete(@PathVariable String id, @RequestParam MultiValueMap<String, String> form, Model model,
                    RedirectAttributes redirect) {
        Tasks.TaskView task = tasks.find(id).orElseThrow(() -> new TaskNotFoundException(id));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Tasks.FormField field : task.formFields()) {
            String value = form.getFirst("field." + field.id());
            if ("boolean".equals(field.type())) {
                values.put(field.id(), value != null && !value.isBlank());
            } else if (value != null && !value.isBlank()) {
                values.put(field.id(), value);
            }
        }
        try {
            tasks.complete(id, values);
        } catch (TaskFormInvalidException e) {
            model.addAttribute("formError", e.getMessage());
            model.addAttribute("values", values);
            return task(id, model);
        }
        redirect.addFlashAttribute("completed", task.name());
        return "redirect:/tasks";
    }

    @ExceptionHandler(TaskNotFoundException.class)
    void notFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpStatus.NOT_FOUND.value());
    }

    @ExceptionHandler(TaskConflictException.class)
    String conflict(TaskConflictException e, RedirectAttributes redirect) {
        redirect.addFlashAttribute("conflict", e.getMessage());
        return "redirect:/tasks";
    }

    private static Optional<UUID> parse(String id) {
        try {
            return id == null ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Only paths of this application, never another site (an open redirect). */
    private static String safe(String back) {
        return back.startsWith("/tasks") && !back.startsWith("//") ? back : "/tasks";
    }
}
