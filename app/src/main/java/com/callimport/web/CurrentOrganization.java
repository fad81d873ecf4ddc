package com.callimport.web;

import com.callimport.organizations.OrganizationId;
import com.callimport.web.pages.SignedInUser;
import org.springframework.security.core.Authentication;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands a controller the organization whose API token {@link ApiSecurity} authenticated, or the signed-in
 * person's organization on a page (web/pages/PageSecurity); no controller takes it from the request, so no
 * request can name another organization.
 */
@Component
class CurrentOrganization implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(OrganizationId.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            return user.organization();
        }
        Object organization = ApiSecurity.attributes(authentication).get(ApiSecurity.ORGANIZATION);
        if (!(organization instanceof OrganizationId id)) {
            throw new IllegalStateException("an organization's endpoint was reached without an organization's token "
                    + "or a signed-in person; check ApiSecurity's and PageSecurity's rules");
        }
        return id;
    }
}
