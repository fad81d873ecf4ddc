/**
 * The web app's pages: server-rendered Thymeleaf behind a session sign-in (see {@link PageSecurity}), one
 * controller per screen, all in the base layout {@code templates/layout.html}.
 */
package com.callimport.web.pages;
