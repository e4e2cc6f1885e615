/**
 * The "Send test webhook" button: posts to the admin controller (form key included by Magento's
 * ajax setup) and shows plentygate's answer next to the button.
 */
define(['jquery'], function ($) {
    'use strict';

    return function (config, button) {
        $(button).on('click', function () {
            var result = $(config.result);

            result.removeClass('message-success message-error').text('…').show();
            $.ajax({url: config.url, type: 'POST', dataType: 'json', data: {form_key: window.FORM_KEY}})
                .done(function (answer) {
                    result.addClass(answer.ok ? 'message-success' : 'message-error').text(answer.message);
                })
                .fail(function (xhr) {
                    result.addClass('message-error').text('The test could not run: HTTP ' + xhr.status);
                });
        });
    };
});
