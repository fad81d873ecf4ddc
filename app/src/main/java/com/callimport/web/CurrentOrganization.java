package com.callimport.web;

import com.callimport.organizations.OrganizationId;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a controller the organization that {@link ApiTokenFilter} authenticated; no controller takes it from the request body. */
@Component
class CurrentOrganization implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(OrganizationId.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Object organization = request.getAttribute(ApiTokenFilter.ORGANIZATION, RequestAttributes.SCOPE_REQUEST);
        if (organization == null) {
            throw new IllegalStateException("no organization on an authenticated request: ApiTokenFilter did not run");
        }
        return organization;
    }
}
