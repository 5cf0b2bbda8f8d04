package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.testsupport.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this service runs against a fresh database on the real PostgreSQL and a real broker. */
@QuarkusTestResource(value = RealInfrastructure.class,
        initArgs = @ResourceArg(name = "database-prefix", value = "notification_test"))
public class RealInfrastructureForTests {
}
