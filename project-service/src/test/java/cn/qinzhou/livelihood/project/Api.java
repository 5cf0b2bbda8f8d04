package cn.qinzhou.livelihood.project;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.testsupport.RestApi;
import io.restassured.specification.RequestSpecification;

/** This service's tests call it through here; see {@link RestApi}. */
public final class Api {

    /** As the planning office, which may do everything in this service but file adjustment requests. */
    public static RequestSpecification given() {
        return RestApi.as(Roles.PLANNER, null);
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
