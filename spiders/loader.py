"""Spiders by kind, imported only when a crawl asks for one.

Scrapy's own loader imports every module of SPIDER_MODULES before a crawl starts, so a
Greenhouse crawl would pay for the JSON-LD spider's extruct, the feed spider's XML parsing
and two dozen other kinds. A kind's spider lives in the module of its name
(`spiders.sources.greenhouse` holds `name = "greenhouse"`), so `load(kind)` imports just
that module; listing every spider (`scrapy list`, Scrapyd) still imports them all.
"""

import importlib

from scrapy import Spider
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader


class KindSpiderLoader(SpiderLoader):
    def __init__(self, settings: BaseSettings):
        self.everything_loaded = False
        super().__init__(settings)

    def _load_all_spiders(self) -> None:
        """Nothing at start: each kind is imported when it is asked for."""

    def _load_everything(self) -> None:
        if not self.everything_loaded:
            self.everything_loaded = True
            super()._load_all_spiders()

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name not in self._spiders:
            for package in self.spider_modules:
                module_name = f"{package}.{spider_name}"
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as missing:
                    if missing.name != module_name:
                        raise  # the module exists but imports something missing
                    continue
                self._load_spiders(module)
            if spider_name not in self._spiders:
                self._load_everything()  # a spider whose name is not its module's
        return super().load(spider_name)

    def find_by_request(self, request) -> list[str]:
        self._load_everything()
        return super().find_by_request(request)

    def list(self) -> list[str]:
        self._load_everything()
        return super().list()
