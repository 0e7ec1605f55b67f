package io.genkend.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/**
 * Finds the {@link GenkendPrincipal} of an authentication, whether it came from an API key or from a form login
 * (whose session principal holds it).
 */
public final class CurrentPrincipal {

    private CurrentPrincipal() {
    }

    /** A session principal that carries a {@link GenkendPrincipal}. */
    public interface Holder {
        /** @return the Genkend principal */
        GenkendPrincipal principal();
    }

    /** @return the principal of the current request's authentication, if any */
    public static Optional<GenkendPrincipal> get() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** @return the principal of {@code authentication}, if it is one of Genkend's */
    public static Optional<GenkendPrincipal> of(Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof GenkendPrincipal genkend) {
            return Optional.of(genkend);
        }
        if (principal instanceof Holder holder) {
            return Optional.of(holder.principal());
        }
        return Optional.empty();
    }
}
