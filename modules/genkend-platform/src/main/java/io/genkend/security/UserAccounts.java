package io.genkend.security;

import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.genkend.schema.Tables.APP_USER;

/**
 * Users of the current tenant, and platform operators. Passwords are stored with Spring Security's delegating
 * encoder (bcrypt by default, with the algorithm id in front so that it can be upgraded).
 */
@Service
public class UserAccounts {

    private final DSLContext dsl;
    private final PasswordEncoder passwordEncoder;

    UserAccounts(DSLContext dsl, PasswordEncoder passwordEncoder) {
        this.dsl = dsl;
        this.passwordEncoder = passwordEncoder;
    }

    /**
     * Creates a user of the current tenant, or resets the password and roles of an existing one with that
     * e-mail.
     *
     * @param email       login name, unique across the platform
     * @param displayName name shown in the UI
     * @param password    clear-text password, hashed here
     * @param roles       tenant roles (not {@link Role#PLATFORM_ADMIN})
     * @return the user's id
     * @throws IllegalArgumentException for {@link Role#PLATFORM_ADMIN}, which no tenant user may hold
     */
    @Transactional
    public UUID upsertTenantUser(String email, String displayName, String password, Set<Role> roles) {
        if (roles.contains(Role.PLATFORM_ADMIN)) {
            throw new IllegalArgumentException("A tenant user cannot be a platform operator");
        }
        UUID tenantId = TenantContext.require().id();
        String[] roleNames = roles.stream().map(Role::name).sorted().toArray(String[]::new);
        String passwordHash = passwordEncoder.encode(password);
        return dsl.insertInto(APP_USER)
                .set(APP_USER.ID, UUID.randomUUID()).set(APP_USER.TENANT_ID, tenantId)
                .set(APP_USER.EMAIL, email.toLowerCase()).set(APP_USER.DISPLAY_NAME, displayName)
                .set(APP_USER.PASSWORD_HASH, passwordHash).set(APP_USER.ROLES, roleNames)
                .onConflict(APP_USER.EMAIL).doUpdate()
                .set(APP_USER.PASSWORD_HASH, passwordHash).set(APP_USER.ROLES, roleNames)
                .set(APP_USER.DISPLAY_NAME, displayName)
                .returning(APP_USER.ID).fetchOne(APP_USER.ID);
    }

    /**
     * Creates or updates a platform operator (a user of no tenant).
     *
     * @return the operator's id
     */
    @Transactional
    public UUID upsertOperator(String email, String displayName, String password) {
        return dsl.select(io.genkend.schema.Routines.upsertOperator(UUID.randomUUID(), email.toLowerCase(),
                displayName, passwordEncoder.encode(password))).fetchOne().value1();
    }

    /** @return the current tenant's users, by e-mail */
    @Transactional(readOnly = true)
    public List<UserView> list() {
        return dsl.selectFrom(APP_USER).orderBy(APP_USER.EMAIL).fetch(r -> new UserView(r.getId(), r.getEmail(),
                r.getDisplayName(), roles(r.getRoles()), r.getEnabled()));
    }

    static Set<Role> roles(String[] names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(Role.valueOf(name));
        }
        return roles;
    }

    /**
     * A user as listed.
     *
     * @param id          user id
     * @param email       login
     * @param displayName name
     * @param roles       roles
     * @param enabled     whether the user may log in
     */
    public record UserView(UUID id, String email, String displayName, Set<Role> roles, boolean enabled) {
    }
}
