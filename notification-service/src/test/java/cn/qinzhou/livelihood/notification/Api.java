package cn.qinzhou.livelihood.notification;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.restassured.specification.RequestSpecification;

/** This service's tests call it through here; see {@link RestApi}. */
public final class Api {

    /** As the supervision office, which reads everything. */
    public static RequestSpecification given() {
        return RestApi.as(Roles.SUPERVISOR, null);
    }

    public static RequestSpecification as(String role, String leadUnit) {
        return RestApi.as(role, leadUnit);
    }

    public static RequestSpecification anonymous() {
        return RestApi.anonymous();
    }

    private Api() {
    }
}
