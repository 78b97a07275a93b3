using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Moq;
using NUnit.Framework;
using Nop.Plugin.Payments.AlipayPlus.Admin;
using Nop.Plugin.Payments.AlipayPlus.Controllers;
using Nop.Plugin.Payments.AlipayPlus.Models.Admin;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Admin;

[TestFixture]
public class ConfigurationControllerTests
{
    private static readonly Type Controller = typeof(AlipayPlusConfigurationController);

    /// <summary>
    /// Every method MVC would route to: public instance methods of the controller itself, minus [NonAction].
    /// </summary>
    private static IReadOnlyList<MethodInfo> Actions() => Controller
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(method => !method.IsSpecialName && method.GetCustomAttribute<NonActionAttribute>() is null)
        .ToList();

    [Test]
    public void The_controller_is_admin_only_and_checks_antiforgery_tokens()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Controller.GetCustomAttribute<AuthorizeAdminAttribute>(), Is.Not.Null);
            Assert.That(Controller.GetCustomAttribute<AuthorizeAdminAttribute>()?.IgnoreFilter, Is.False);
            Assert.That(Controller.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>(), Is.Not.Null);
            Assert.That(Controller.GetCustomAttribute<AreaAttribute>()?.RouteValue, Is.EqualTo(AreaNames.ADMIN));
            Assert.That(Controller.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>(), Is.Null);
        });
    }

    [Test]
    public void Every_action_requires_the_payment_methods_permission()
    {
        var actions = Actions();

        Assert.That(actions, Has.Count.GreaterThanOrEqualTo(2), "the GET and POST Configure actions");
        foreach (var action in actions)
        {
            var permissions = action.GetCustomAttributes<CheckPermissionAttribute>()
                .SelectMany(attribute => attribute.PermissionSystemName);
            var parameters = string.Join(", ", action.GetParameters().Select(p => p.ParameterType.Name));
            Assert.That(permissions, Does.Contain(StandardPermission.Configuration.MANAGE_PAYMENT_METHODS),
                $"{Controller.Name}.{action.Name}({parameters}) lacks [CheckPermission(MANAGE_PAYMENT_METHODS)]");
            Assert.That(action.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>(), Is.Null,
                $"{action.Name} opts out of antiforgery");
            Assert.That(action.GetCustomAttribute<AllowAnonymousAttribute>(), Is.Null,
                $"{action.Name} allows anonymous access");
        }
    }

    [Test]
    public void Saving_is_a_post()
    {
        var posts = Actions().Where(action => action.GetCustomAttribute<HttpPostAttribute>() is not null).ToList();

        Assert.That(posts.Select(action => action.Name),
            Is.EquivalentTo(new[] { "Configure", "CheckConnection", "RegisterWebhook" }));
        Assert.That(posts.Single(action => action.Name == "Configure").GetParameters().Single().ParameterType,
            Is.EqualTo(typeof(Models.Admin.ConfigurationModel)));
    }

    [TestCase("https://collector.example/", true)]
    [TestCase("http://127.0.0.1:12111", false)]
    public async Task Pointing_the_stored_key_elsewhere_needs_the_key_typed_again(string apiBaseUrl,
        bool useTestEnvironment)
    {
        var settings = new AlipayPlusSettings { SecretKey = "sk_test_stored0000000000000001", UseTestEnvironment = true,
            ApiBaseUrl = "http://127.0.0.1:12111" };
        var settingService = new Mock<Nop.Services.Configuration.ISettingService>();
        settingService.Setup(s => s.LoadSettingAsync<AlipayPlusSettings>(It.IsAny<int>())).ReturnsAsync(settings);
        var localization = new Mock<Nop.Services.Localization.ILocalizationService>();
        localization.Setup(l => l.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        var controller = new AlipayPlusConfigurationController(Mock.Of<IConnectionChecker>(), localization.Object,
            Mock.Of<Nop.Services.Messages.INotificationService>(), settingService.Object,
            Mock.Of<Nop.Core.IStoreContext>(), Mock.Of<IWebhookRegistrar>(), Mock.Of<IWebhookUrlProvider>());

        await controller.Configure(new Models.Admin.ConfigurationModel { ApiBaseUrl = apiBaseUrl,
            UseTestEnvironment = useTestEnvironment, WebhookToleranceSeconds = 300 });

        Assert.That(controller.ModelState[nameof(Models.Admin.ConfigurationModel.SecretKey)]?.Errors,
            Has.Count.EqualTo(1));
        Assert.That(settings.ApiBaseUrl, Is.EqualTo("http://127.0.0.1:12111"), "nothing changed");
        Assert.That(settingService.Invocations.Count(i => i.Method.Name.StartsWith("SaveSetting")), Is.Zero);
    }
}
