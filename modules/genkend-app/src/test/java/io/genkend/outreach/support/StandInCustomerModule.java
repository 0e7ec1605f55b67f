package io.genkend.outreach.support;

import io.genkend.customer.Channel;
import io.genkend.customer.Consents;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.customer.Purpose;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test stand-ins for the customer module's {@link CustomerProfiles} and {@link Consents}, registered ONLY when the
 * application has no bean of that type (the customer module is built in parallel, on another branch). Once the
 * real module is merged, these are not registered and {@link TestCustomers} goes through the real API instead.
 * Nothing here is used by production code.
 */
@Component
public class StandInCustomerModule implements BeanDefinitionRegistryPostProcessor {

    /** Profiles of the stand-in, by id. */
    static final Map<UUID, CustomerProfile> PROFILES = new ConcurrentHashMap<>();
    /** Granted consents of the stand-in: customer to "PURPOSE:CHANNEL". */
    static final Map<UUID, Set<String>> GRANTED = new ConcurrentHashMap<>();

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ListableBeanFactory beans = (ListableBeanFactory) registry;
        if (beans.getBeanNamesForType(CustomerProfiles.class, true, false).length == 0) {
            registry.registerBeanDefinition("standInCustomerProfiles", new RootBeanDefinition(Profiles.class));
        }
        if (beans.getBeanNamesForType(Consents.class, true, false).length == 0) {
            registry.registerBeanDefinition("standInConsents", new RootBeanDefinition(ConsentsInMemory.class));
        }
    }

    /** In-memory profiles. */
    public static class Profiles implements CustomerProfiles {
        @Override
        public Optional<CustomerProfile> find(UUID customerId) {
            return Optional.ofNullable(PROFILES.get(customerId));
        }

        @Override
        public Optional<CustomerProfile> findByUserId(String userId) {
            return PROFILES.values().stream().filter(p -> userId.equals(p.userId())).findFirst();
        }

        @Override
        public void updateTraits(UUID customerId, Map<String, Object> traits) {
            CustomerProfile p = find(customerId).orElseThrow(NoSuchElementException::new);
            Map<String, Object> merged = new HashMap<>(p.traits());
            merged.putAll(traits);
            PROFILES.put(customerId, new CustomerProfile(p.id(), p.userId(), p.email(), p.phone(), p.locale(),
                    p.timeZone(), merged));
        }
    }

    /** In-memory consents: denied until granted. */
    public static class ConsentsInMemory implements Consents {
        @Override
        public boolean isGranted(UUID customerId, Purpose purpose, Channel channel) {
            return GRANTED.getOrDefault(customerId, Set.of()).contains(purpose + ":" + channel);
        }
    }
}
