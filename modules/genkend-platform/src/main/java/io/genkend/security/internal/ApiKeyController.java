package io.genkend.security.internal;

import io.genkend.security.ApiKeys;
import io.genkend.security.ApiKeys.ApiKeyView;
import io.genkend.security.ApiKeys.IssuedApiKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/api-keys}: the calling tenant's API keys. Another tenant's key is answered 404, never 403.
 */
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

    private final ApiKeys apiKeys;

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @GetMapping
    List<ApiKeyView> list() {
        return apiKeys.list();
    }

    @GetMapping("/{id}")
    ApiKeyView get(@PathVariable UUID id) {
        return apiKeys.find(id).orElseThrow(() -> notFound(id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedApiKey issue(@Valid @RequestBody NewApiKey request) {
        return apiKeys.issue(request.name());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable UUID id) {
        if (!apiKeys.revoke(id)) {
            throw notFound(id);
        }
    }

    private static ErrorResponseException notFound(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No API key " + id + ".");
        problem.setType(URI.create("https://genkend.io/problems/not-found"));
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** @param name a label for people, 1 to 100 characters */
    record NewApiKey(@NotBlank @Size(max = 100) String name) {
    }
}
