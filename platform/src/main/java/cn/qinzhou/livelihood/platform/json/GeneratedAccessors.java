package cn.qinzhou.livelihood.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson reaches the components of requests, responses and events through accessors generated once per property
 * (Blackbird's lambdas) rather than through reflection on every call: the reflective getters alone were a few per
 * cent of progress-service's CPU while it took reports. The JSON is the same.
 */
@Singleton
public class GeneratedAccessors implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new BlackbirdModule());
    }
}
