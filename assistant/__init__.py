"""recap: 电商运营年终总结助手.

The package is import-light on purpose: nothing heavy (langchain, openai, matplotlib,
python-docx) is imported at package import time, so ``recap --help`` stays fast.
"""

__version__ = "0.1.0"
