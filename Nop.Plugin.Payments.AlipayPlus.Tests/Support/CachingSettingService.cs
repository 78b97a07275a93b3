using System.Linq.Expressions;
using System.Reflection;
using Moq;
using Nop.Services.Configuration;

namespace Nop.Plugin.Payments.AlipayPlus.Tests.Support;

/// <summary>
/// Makes a mocked ISettingService keep AlipayPlusSettings as nopCommerce 4.90's SettingService does: every load builds
/// a new object from one cached copy of the settings table; a save writes the table and drops that copy only when
/// called with clearCache (the default) or followed by ClearCacheAsync. A save with clearCache: false is therefore
/// not seen by the next load until something else clears the cache.
/// </summary>
public sealed class CachingSettingService
{
    private readonly AlipayPlusSettings _table;
    private AlipayPlusSettings _cache;

    private CachingSettingService(AlipayPlusSettings table)
    {
        _table = table;
    }

    /// <param name="table">The stored values (the settings table); saves write into it.</param>
    public static CachingSettingService Apply(Mock<ISettingService> mock, AlipayPlusSettings table)
    {
        var service = new CachingSettingService(table);
        mock.Setup(s => s.LoadSettingAsync<AlipayPlusSettings>(It.IsAny<int>()))
            .ReturnsAsync(() => Copy(service._cache ??= Copy(service._table)));
        mock.Setup(s => s.SaveSettingAsync(It.IsAny<AlipayPlusSettings>(),
            It.IsAny<Expression<Func<AlipayPlusSettings, int>>>(), It.IsAny<int>(), It.IsAny<bool>()))
            .Callback((AlipayPlusSettings settings, Expression<Func<AlipayPlusSettings, int>> key, int _,
                bool clearCache) => service.Save(settings, key, clearCache))
            .Returns(Task.CompletedTask);
        mock.Setup(s => s.ClearCacheAsync()).Callback(() => service._cache = null).Returns(Task.CompletedTask);
        return service;
    }

    private void Save<TProperty>(AlipayPlusSettings settings, Expression<Func<AlipayPlusSettings, TProperty>> key,
        bool clearCache)
    {
        var property = (PropertyInfo)((MemberExpression)key.Body).Member;
        property.SetValue(_table, property.GetValue(settings));
        if (clearCache)
            _cache = null;
    }

    private static AlipayPlusSettings Copy(AlipayPlusSettings source)
    {
        var copy = new AlipayPlusSettings();
        foreach (var property in typeof(AlipayPlusSettings).GetProperties().Where(p => p.CanRead && p.CanWrite))
            property.SetValue(copy, property.GetValue(source));
        return copy;
    }
}
